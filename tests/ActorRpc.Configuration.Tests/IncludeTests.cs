namespace ActorRpc.Configuration.Tests;

public sealed class IncludeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Include_merges_the_file_relative_to_the_including_file()
    {
        _directory.Write("conf/sub/child.conf", "child = 1\ninclude \"grandchild.conf\"");
        _directory.Write("conf/sub/grandchild.conf", "grandchild = 2");
        var main = _directory.Write("conf/main.conf", "include \"sub/child.conf\"\nmain = 0");

        Assert.Equal("""{"child":1,"grandchild":2,"main":0}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Include_file_syntax_reads_the_same_file()
    {
        _directory.Write("other.conf", "x = 1");
        var main = _directory.Write("main.conf", "include file(\"other.conf\")\ny = 2\ninclude required( file( \"other.conf\" ) )");

        Assert.Equal("""{"x":1,"y":2}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Included_fields_merge_with_fields_around_the_include_in_document_order()
    {
        _directory.Write("defaults.conf", "a { x = 1, y = 1 }\nb = included");
        var main = _directory.Write("main.conf", "b = before\ninclude \"defaults.conf\"\na.y = 2");

        Assert.Equal("""{"b":"included","a":{"x":1,"y":2}}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Include_inside_an_object_nests_the_included_fields()
    {
        _directory.Write("ipc.conf", "port = 1242");
        var main = _directory.Write("main.conf", "actorrpc.ipc { include \"ipc.conf\", host = localhost }");

        Assert.Equal("""{"actorrpc":{"ipc":{"port":1242,"host":"localhost"}}}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Missing_include_is_ignored()
    {
        var main = _directory.Write("main.conf", "include \"nope.conf\"\ninclude file(\"nope.conf\")\na = 1");

        Assert.Equal("""{"a":1}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Missing_required_include_is_an_error_at_the_include()
    {
        var main = _directory.Write("main.conf", "a = 1\n  include required(\"nope.conf\")");

        var error = Assert.Throws<HoconParseException>(() => HoconParser.ParseFile(main));

        Assert.Equal(
            $"{main}:2:3: could not find the required include 'nope.conf' (looked for {Path.Combine(_directory.Path, "nope.conf")})",
            error.Message);
    }

    [Fact]
    public void Include_without_extension_loads_json_then_conf()
    {
        _directory.Write("settings.json", """{ "a": "json", "b": "json" }""");
        _directory.Write("settings.conf", "b = conf");
        var main = _directory.Write("main.conf", "include \"settings\"");

        Assert.Equal("""{"a":"json","b":"conf"}""", HoconParser.ParseFile(main).Root.ToString());
    }

    [Fact]
    public void Include_cycle_is_an_error_naming_the_chain()
    {
        var a = _directory.Write("a.conf", "include \"b.conf\"");
        var b = _directory.Write("b.conf", "x = 1\ninclude \"a.conf\"");

        var error = Assert.Throws<HoconParseException>(() => HoconParser.ParseFile(a));

        Assert.Equal($"{b}:2:1: include cycle: {a} -> {b} -> {a}", error.Message);
    }

    [Fact]
    public void Errors_in_an_included_file_name_that_file()
    {
        _directory.Write("bad.conf", "ok = 1\nport }");
        var main = _directory.Write("main.conf", "include \"bad.conf\"");

        var error = Assert.Throws<HoconParseException>(() => HoconParser.ParseFile(main));

        Assert.Equal($"{Path.Combine(_directory.Path, "bad.conf")}:2:6: expected '=', ':' or '{{' after key 'port' but found '}}'", error.Message);
    }

    [Fact]
    public void Included_file_with_an_array_root_is_an_error()
    {
        var list = _directory.Write("list.conf", "[1, 2]");
        var main = _directory.Write("main.conf", "include \"list.conf\"");

        var error = Assert.Throws<HoconParseException>(() => HoconParser.ParseFile(main));

        Assert.Equal($"{list}:1:1: the root of a HOCON document must be an object, not an array", error.Message);
    }

    [Fact]
    public void Inline_text_includes_relative_to_its_base_directory()
    {
        _directory.Write("extra.conf", "extra = true");

        var document = HoconParser.Parse("include \"extra.conf\"", "inline", _directory.Path);

        Assert.Equal("true", document.GetString("extra"));
    }

    [Fact]
    public void Plus_equals_in_an_included_file_appends_to_the_including_value()
    {
        _directory.Write("more.conf", "list += 2");
        var main = _directory.Write("main.conf", "list = [1]\ninclude \"more.conf\"\nlist += 3");

        Assert.Equal("""{"list":[1,2,3]}""", HoconParser.ParseFile(main).Root.ToString());
    }
}
