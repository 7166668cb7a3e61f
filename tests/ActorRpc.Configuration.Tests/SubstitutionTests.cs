namespace ActorRpc.Configuration.Tests;

public sealed class SubstitutionTests
{
    [Fact]
    public void Substitution_copies_a_value_of_any_type()
    {
        const string text = """
            base { port = 1242, hosts = [a, b], on = true }
            port = ${base.port}
            hosts = ${base.hosts}
            copy = ${base}
            """;

        var document = Hocon.Parse(text);
        Assert.Equal(HoconValueKind.Number, Hocon.Value(text, "port").Kind);
        Assert.Equal("1242", document.GetString("port"));
        Assert.Equal("""["a","b"]""", Hocon.Value(text, "hosts").ToString());
        Assert.Equal("""{"port":1242,"hosts":["a","b"],"on":true}""", Hocon.Value(text, "copy").ToString());
    }

    [Fact]
    public void Substitutions_look_forward_to_the_final_merged_value()
    {
        const string text = """
            bar { foo = 42, baz = ${bar.foo} }
            bar { foo = 43 }
            early = ${late}
            late = 1
            late = 2
            """;

        var document = Hocon.Parse(text);
        Assert.Equal("43", document.GetString("bar.baz"));
        Assert.Equal("2", document.GetString("early"));
    }

    [Fact]
    public void Objects_may_refer_to_each_other()
    {
        const string text = """
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """;

        var document = Hocon.Parse(text);
        Assert.Equal("4", document.GetString("bar.a"));
        Assert.Equal("3", document.GetString("foo.c"));
    }

    [Fact]
    public void Substitutions_concatenate_with_strings()
    {
        const string text = """
            name = world
            port = 80
            greeting = hello ${name}"!"
            url = "http://localhost:"${port}/path
            """;

        var document = Hocon.Parse(text);
        Assert.Equal("hello world!", document.GetString("greeting"));
        Assert.Equal("http://localhost:80/path", document.GetString("url"));
    }

    [Fact]
    public void Substitution_paths_may_quote_elements_with_dots()
    {
        Assert.Equal("1", Hocon.String("""a { "b.c" = 1 }, d = ${a."b.c"}""", "d"));
    }

    [Fact]
    public void Object_substitution_concatenates_with_an_object_literal_as_inheritance()
    {
        const string text = """
            generic { cluster-size = 6, name = generic }
            east = ${generic} { name = "east" }
            """;

        Assert.Equal("""{"cluster-size":6,"name":"east"}""", Hocon.Value(text, "east").ToString());
    }

    [Fact]
    public void Self_reference_appends_to_the_previous_array()
    {
        Assert.Equal("""["/bin","/usr/bin"]""", Hocon.Value("path = [ /bin ]\npath = ${path} [ /usr/bin ]", "path").ToString());
    }

    [Fact]
    public void Self_reference_extends_the_previous_string()
    {
        Assert.Equal("a:b:c:/x", Hocon.String("path = \"a:b:c\"\npath = ${path}\":/x\"", "path"));
    }

    [Fact]
    public void Self_reference_inside_nested_fields_sees_the_overridden_value()
    {
        Assert.Equal("4243", Hocon.String("bar { foo = 42, foo = ${bar.foo}43 }", "bar.foo"));
    }

    [Fact]
    public void Self_reference_to_a_path_inside_the_field_looks_backward()
    {
        const string text = """
            foo : { a : { c : 1 } }
            foo : ${foo.a}
            foo : { a : 2 }
            """;

        var foo = Assert.IsType<HoconObject>(Hocon.Value(text, "foo"));
        Assert.Equal(["a", "c"], foo.Keys.Order());
        Assert.Equal("2", Assert.IsType<HoconScalar>(foo["a"]).Text);
        Assert.Equal("1", Assert.IsType<HoconScalar>(foo["c"]).Text);
    }

    [Fact]
    public void Self_reference_to_an_object_merges_with_later_fields()
    {
        Assert.Equal("""{"a":1,"b":2}""", Hocon.Value("foo { a = 1 }\nfoo = ${foo} { b = 2 }", "foo").ToString());
    }

    [Fact]
    public void A_value_hidden_by_a_later_non_object_is_never_resolved()
    {
        Assert.Equal("42", Hocon.String("foo = ${does-not-exist}\nfoo = 42", "foo"));
        Assert.Equal("42", Hocon.String("foo = ${foo}\nfoo = 42", "foo"));
    }

    [Fact]
    public void Optional_self_reference_without_an_earlier_value_is_undefined()
    {
        Assert.Equal("foo", Hocon.String("a = ${?a}foo", "a"));
        Assert.False(Hocon.Parse("a = ${?a}").TryGetValue("a", out _));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array_and_creates_it_when_missing()
    {
        const string text = """
            a = [1]
            a += 2
            a += [3]
            b += x
            c { d += 1, d += 2 }
            """;

        Assert.Equal("""{"a":[1,2,[3]],"b":["x"],"c":{"d":[1,2]}}""", Hocon.Json(text));
    }

    [Fact]
    public void Plus_equals_works_inside_objects_in_arrays()
    {
        Assert.Equal("""{"a":[{"b":[1,2]}]}""", Hocon.Json("a = [ { b += 1, b += 2 } ]"));
    }

    [Fact]
    public void Optional_substitution_that_is_undefined_leaves_the_field_undefined()
    {
        var document = Hocon.Parse("a = ${?missing.path}\nb = 1\nb = ${?missing.path}");

        Assert.False(document.TryGetValue("a", out _));
        Assert.Equal("1", document.GetString("b"));
    }

    [Fact]
    public void Optional_substitution_that_is_undefined_is_empty_in_concatenations_and_skipped_in_arrays()
    {
        const string text = """
            s = before${?missing}after
            a = [1, ${?missing}, 2]
            l = [1] ${?missing} [2]
            o = { x = 1 } ${?missing} { y = 2 }
            both = ${?missing}${?missing2}
            """;

        var document = Hocon.Parse(text);
        Assert.Equal("beforeafter", document.GetString("s"));
        Assert.Equal("""{"s":"beforeafter","a":[1,2],"l":[1,2],"o":{"x":1,"y":2}}""", document.Root.ToString());
    }

    [Fact]
    public void Optional_substitution_reads_the_document_before_the_environment()
    {
        var name = "ACTORRPC_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-environment");
        try
        {
            Assert.Equal("from-environment", Hocon.String($"a = ${{?{name}}}", "a"));
            Assert.Equal("from-environment", Hocon.String($"a = ${{{name}}}", "a"));
            Assert.Equal("from-document", Hocon.String($"{name} = from-document\na = ${{?{name}}}", "a"));
            Assert.Null(Hocon.String($"{name} = null\na = ${{?{name}}}", "a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Self_reference_without_an_earlier_value_falls_back_to_the_environment()
    {
        var name = "ACTORRPC_HOCON_PATH_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "/bin");
        try
        {
            Assert.Equal("/bin:/x", Hocon.String($"{name} = ${{{name}}}\":/x\"", name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Substitutions_resolve_inside_arrays_and_objects_in_arrays()
    {
        Assert.Equal("""{"a":1,"b":"x","list":[1,"x",{"c":1}]}""", Hocon.Json("a = 1\nb = x\nlist = [${a}, ${b}, { c = ${a} }]"));
    }

    [Fact]
    public void Whitespace_between_substituted_objects_or_arrays_is_ignored()
    {
        const string text = """
            x { a = 1 }
            y { b = 2 }
            l = [1]
            m = [2]
            o = ${x} ${y}
            n = ${l}   ${m}
            """;

        Assert.Equal("""{"a":1,"b":2}""", Hocon.Value(text, "o").ToString());
        Assert.Equal("[1,2]", Hocon.Value(text, "n").ToString());
    }

    [Fact]
    public void Optional_environment_substitution_keeps_an_earlier_value_when_the_variable_is_not_set()
    {
        var name = "ACTORRPC_HOCON_UNSET_" + Guid.NewGuid().ToString("N");

        Assert.Equal("default", Hocon.String($"a = default\na = ${{?{name}}}", "a"));
    }

    [Fact]
    public void Substitutions_in_an_included_file_are_looked_up_where_it_was_included_then_at_the_root()
    {
        using var directory = new TempDirectory();
        directory.Write("foo.conf", "x = 10\ny = ${x}\nz = ${top}");

        var document = HoconParser.Parse("top = root\na { include \"foo.conf\" }\na { x = 42 }", "main.conf", directory.Path);

        Assert.Equal("42", document.GetString("a.y"));
        Assert.Equal("root", document.GetString("a.z"));
    }

    [Fact]
    public void Resolution_is_memoized_so_chains_resolve_once()
    {
        var lines = Enumerable.Range(1, 200).Select(i => $"v{i} = ${{v{i - 1}}}").Prepend("v0 = start");

        Assert.Equal("start", Hocon.String(string.Join("\n", lines), "v200"));
    }
}
