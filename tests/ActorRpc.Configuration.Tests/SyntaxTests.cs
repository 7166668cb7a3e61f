namespace ActorRpc.Configuration.Tests;

public sealed class SyntaxTests
{
    [Fact]
    public void Empty_text_is_an_empty_object()
    {
        Assert.Empty(Hocon.Parse("").Root);
        Assert.Empty(Hocon.Parse("  \n # only a comment\n").Root);
    }

    [Fact]
    public void Hash_and_double_slash_start_comments_to_the_end_of_the_line()
    {
        const string text = """
            # a comment
            a = 1 # trailing
            // another
            b = 2 // trailing too
            c = "# not a comment"
            d = "// nor this"
            """;

        Assert.Equal("""{"a":1,"b":2,"c":"# not a comment","d":"// nor this"}""", Hocon.Json(text));
    }

    [Fact]
    public void Equals_colon_and_no_separator_before_an_object_are_equivalent()
    {
        Assert.Equal("""{"a":{"b":1},"c":{"d":2},"e":{"f":3}}""", Hocon.Json("a = { b = 1 }\nc : { d : 2 }\ne { f = 3 }"));
    }

    [Fact]
    public void Root_braces_are_optional()
    {
        Assert.Equal(Hocon.Json("a = 1, b = 2"), Hocon.Json("{ a = 1, b = 2 }"));
    }

    [Fact]
    public void Json_is_valid_hocon()
    {
        const string json = """
            {
              "name": "node1",
              "port": 1242,
              "ratio": -1.5e3,
              "enabled": true,
              "password": null,
              "origins": ["*", "http://localhost"],
              "nested": { "empty": {}, "list": [] }
            }
            """;

        Assert.Equal(
            """{"name":"node1","port":1242,"ratio":-1.5e3,"enabled":true,"password":null,"origins":["*","http://localhost"],"nested":{"empty":{},"list":[]}}""",
            Hocon.Json(json));
    }

    [Fact]
    public void Newlines_separate_fields_and_array_elements_like_commas()
    {
        const string text = """
            a = 1
            b = [
              1
              2,
              3,
            ]
            c = { x = 1
                  y = 2, }
            """;

        Assert.Equal("""{"a":1,"b":[1,2,3],"c":{"x":1,"y":2}}""", Hocon.Json(text));
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes()
    {
        Assert.Equal("q\" b\\ s/ \b \f \n \r \t é €", Hocon.String("""a = "q\" b\\ s\/ \b \f \n \r \t \u00e9 \u20AC" """, "a"));
    }

    [Fact]
    public void Unquoted_strings_keep_the_whitespace_between_them_on_one_line()
    {
        Assert.Equal("hello world", Hocon.String("a = hello world", "a"));
        Assert.Equal("hello    big  world", Hocon.String("a =    hello    big  world   # comment", "a"));
    }

    [Fact]
    public void Unquoted_strings_may_contain_dots_slashes_and_dashes()
    {
        Assert.Equal("127.0.0.1", Hocon.String("a = 127.0.0.1", "a"));
        Assert.Equal("/usr/local/bin", Hocon.String("a = /usr/local/bin", "a"));
        Assert.Equal("in-memory", Hocon.String("a = in-memory", "a"));
    }

    [Fact]
    public void Quoted_and_unquoted_pieces_concatenate_into_one_string()
    {
        Assert.Equal("foo bar:baz 1 true null", Hocon.String("""a = foo" bar:"baz 1 true null""", "a"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_span_lines()
    {
        const string text = """""
            a = """line one
              "quoted" \n no escape
            line three"""
            b = """ends with a quote""""
            """"";

        var document = Hocon.Parse(text);
        Assert.Equal("line one\n  \"quoted\" \\n no escape\nline three", document.GetString("a"));
        Assert.Equal("ends with a quote\"", document.GetString("b"));
    }

    [Fact]
    public void Single_literals_keep_their_type()
    {
        var document = Hocon.Parse("s = hello, n = 1242, d = -0.5, e = 1e+5, t = true, f = false, z = null, q = \"true\"");

        Assert.Equal(HoconValueKind.String, Kind("s"));
        Assert.Equal(HoconValueKind.Number, Kind("n"));
        Assert.Equal(HoconValueKind.Number, Kind("d"));
        Assert.Equal(HoconValueKind.Number, Kind("e"));
        Assert.Equal("1e+5", document.GetString("e"));
        Assert.Equal(HoconValueKind.Boolean, Kind("t"));
        Assert.Equal(HoconValueKind.Boolean, Kind("f"));
        Assert.Equal(HoconValueKind.Null, Kind("z"));
        Assert.Null(document.GetString("z"));
        Assert.Equal(HoconValueKind.String, Kind("q"));

        HoconValueKind Kind(string path) => document.TryGetValue(path, out var value) ? value.Kind : throw new KeyNotFoundException(path);
    }

    [Fact]
    public void Numbers_followed_by_text_are_strings_as_written()
    {
        Assert.Equal("100ms", Hocon.String("a = 100ms", "a"));
        Assert.Equal("5 s", Hocon.String("a = 5 s", "a"));
        Assert.Equal(HoconValueKind.String, Hocon.Value("a = 1 2", "a").Kind);
        Assert.Equal("1 2", Hocon.String("a = 1 2", "a"));
    }

    [Fact]
    public void Dotted_keys_expand_into_nested_objects()
    {
        Assert.Equal(Hocon.Json("a { b { c = 1 } }"), Hocon.Json("a.b.c = 1"));
        Assert.Equal("""{"a":{"x":42,"y":43}}""", Hocon.Json("a.x = 42, a.y = 43"));
    }

    [Fact]
    public void Quoted_key_segments_may_contain_dots()
    {
        var document = Hocon.Parse("""a."b.c".d = 1, "e.f" = 2""");

        Assert.Equal("""{"a":{"b.c":{"d":1}},"e.f":2}""", document.Root.ToString());
        Assert.Equal("1", document.GetString("""a."b.c".d"""));
    }

    [Fact]
    public void Keys_may_contain_whitespace_and_numbers_split_at_their_dots()
    {
        Assert.Equal("""{"a b c":1,"3":{"14":2},"true":3}""", Hocon.Json("a b c = 1\n3.14 = 2\ntrue = 3"));
    }

    [Fact]
    public void Duplicate_object_keys_merge_recursively()
    {
        const string text = """
            a { x = 1, inner { p = 1, q = 1 } }
            a { y = 2, inner { q = 2 } }
            """;

        Assert.Equal("""{"a":{"x":1,"inner":{"p":1,"q":2},"y":2}}""", Hocon.Json(text));
    }

    [Fact]
    public void Duplicate_non_object_keys_take_the_last_value()
    {
        Assert.Equal("""{"a":3}""", Hocon.Json("a = 1\na = [2]\na = 3"));
        Assert.Equal("""{"a":"text"}""", Hocon.Json("a { x = 1 }\na = text"));
        Assert.Equal("""{"a":{"y":1}}""", Hocon.Json("a = text\na { y = 1 }"));
    }

    [Fact]
    public void A_null_between_two_objects_prevents_their_merge()
    {
        Assert.Equal("""{"foo":{"b":43}}""", Hocon.Json("foo { a = 42 }\nfoo = null\nfoo { b = 43 }"));
    }

    [Fact]
    public void Dotted_key_after_a_non_object_replaces_it_with_an_object()
    {
        Assert.Equal("""{"a":{"b":2}}""", Hocon.Json("a = 1\na.b = 2"));
        Assert.Equal("""{"a":{"c":2}}""", Hocon.Json("a.b = 1\na = 5\na.c = 2"));
    }

    [Fact]
    public void Adjacent_arrays_concatenate()
    {
        Assert.Equal("""{"a":[1,2,3,4]}""", Hocon.Json("a = [1, 2] [3, 4]"));
        Assert.Equal("""{"a":[[1,2],[3,4]]}""", Hocon.Json("a = [ [1, 2]\n [3, 4] ]"));
        Assert.Equal("""{"a":["1 2 3"]}""", Hocon.Json("a = [ 1 2 3 ]"));
    }

    [Fact]
    public void Adjacent_objects_merge()
    {
        Assert.Equal("""{"a":{"b":1,"c":2}}""", Hocon.Json("a = { b = 1 } { c = 2 }"));
        Assert.Equal("""{"a":{"b":2}}""", Hocon.Json("a = { b = 1 } { b = 2 }"));
    }

    [Fact]
    public void Arrays_may_hold_objects_and_nested_arrays()
    {
        Assert.Equal("""{"a":[{"x":1},{"y":{"z":2}},[true]]}""", Hocon.Json("a = [ { x = 1 }, { y.z = 2 }, [true] ]"));
    }

    [Fact]
    public void Include_is_an_ordinary_word_outside_the_start_of_a_key()
    {
        Assert.Equal("""{"a":"include","b":["include"],"c include":1,"include":2}""", Hocon.Json("a = include\nb = [include]\nc include = 1\n\"include\" = 2"));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        Assert.Equal("""{"a":"x y","b":2}""", Hocon.Json("a = x y\r\nb = 2\r\n"));
    }

    [Fact]
    public void Path_lookup_reads_nested_values_and_array_indices_are_not_paths()
    {
        var document = Hocon.Parse("a { b = [1, 2] }");

        Assert.True(document.TryGetValue("a.b", out var array));
        Assert.Equal(2, Assert.IsType<HoconArray>(array).Count);
        Assert.False(document.TryGetValue("a.c", out _));
        Assert.False(document.TryGetValue("a.b.c", out _));
        Assert.Throws<KeyNotFoundException>(() => document.GetString("missing"));
        Assert.Throws<InvalidOperationException>(() => document.GetString("a"));
    }
}
