namespace ActorRpc.Configuration.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Missing_separator_after_a_key_names_the_key_and_what_was_found()
    {
        var error = Hocon.Error("actorrpc {\n  port }");

        Assert.Equal("test.conf:2:8: expected '=', ':' or '{' after key 'port' but found '}'", error.Message);
        Assert.Equal(("test.conf", 2, 8), (error.SourceName, error.Line, error.Column));
        Assert.Equal("expected '=', ':' or '{' after key 'port' but found '}'", error.Reason);
    }

    [Fact]
    public void Missing_separator_before_a_newline_is_reported()
    {
        Assert.Equal("test.conf:1:4: expected '=', ':' or '{' after key 'a.b' but found a newline", Hocon.Error("a.b\n").Message);
        Assert.Equal("test.conf:1:4: expected '=', ':' or '{' after key 'a' but found a newline", Hocon.Error("a  \n= 1").Message);
    }

    [Fact]
    public void Missing_value_is_reported()
    {
        Assert.Equal("test.conf:1:5: expected a value after '=' for key 'a' but found end of file", Hocon.Error("a = ").Message);
        Assert.Equal("test.conf:2:1: expected a value after ':' for key 'a' but found '}'", Hocon.Error("{ a :\n}").Message);
    }

    [Fact]
    public void Unterminated_quoted_string_points_at_its_opening_quote()
    {
        Assert.Equal("test.conf:2:5: unterminated string: expected a closing '\"' but found end of file", Hocon.Error("a = 1\nb = \"abc").Message);
        Assert.Equal("test.conf:1:5: unterminated string: expected a closing '\"' before the end of the line", Hocon.Error("a = \"abc\nb = 1").Message);
    }

    [Fact]
    public void Unterminated_triple_quoted_string_points_at_its_opening_quotes()
    {
        Assert.Equal(
            "test.conf:1:5: unterminated multi-line string: expected a closing '\"\"\"' but found end of file",
            Hocon.Error("a = \"\"\"abc\n\"\" still open").Message);
    }

    [Fact]
    public void Invalid_escape_sequences_are_reported_where_they_start()
    {
        Assert.Equal("test.conf:1:7: invalid escape sequence '\\q' in quoted string", Hocon.Error("a = \"x\\q\"").Message);
        Assert.Equal("test.conf:1:6: invalid escape sequence '\\u12g4': expected four hexadecimal digits", Hocon.Error("a = \"\\u12g4\"").Message);
    }

    [Fact]
    public void Unclosed_object_is_reported_at_the_end_of_the_file_with_where_it_opened()
    {
        Assert.Equal(
            "test.conf:3:1: expected '}' to close the object opened at 1:3 but found end of file",
            Hocon.Error("a {\n  b = 1\n").Message);
    }

    [Fact]
    public void Unmatched_closing_brace_or_bracket_is_reported()
    {
        Assert.Equal("test.conf:2:1: unexpected '}' without a matching '{'", Hocon.Error("a = 1\n}").Message);
        Assert.Equal("test.conf:2:1: unexpected ']' without a matching '['", Hocon.Error("a = 1\n]").Message);
        Assert.Equal("test.conf:1:11: expected end of file after the root object but found '}'", Hocon.Error("{ a = 1 } }").Message);
    }

    [Fact]
    public void Unclosed_array_is_reported_with_where_it_opened()
    {
        Assert.Equal("test.conf:1:10: expected ']' to close the array opened at 1:5 but found end of file", Hocon.Error("a = [1, 2").Message);
        Assert.Equal("test.conf:1:8: expected ',', a newline or ']' in the array opened at 1:5 but found '}'", Hocon.Error("a = [1 }").Message);
    }

    [Fact]
    public void Misplaced_commas_are_reported()
    {
        Assert.Equal("test.conf:1:7: unexpected ',': two commas in a row", Hocon.Error("a = 1,, b = 2").Message);
        Assert.Equal("test.conf:1:3: unexpected ',' before the first field", Hocon.Error("{ , a = 1 }").Message);
        Assert.Equal("test.conf:1:6: unexpected ',' before the first array element", Hocon.Error("a = [,1]").Message);
    }

    [Fact]
    public void Junk_after_a_value_is_reported()
    {
        Assert.Equal("test.conf:1:7: expected ',', a newline or end of file after the value of 'a' but found ':'", Hocon.Error("a = 1 : 2").Message);
        Assert.Equal("test.conf:1:11: expected ',', a newline or '}' after the value of 'b' but found '='", Hocon.Error("a { b = 1 = 2 }").Message);
    }

    [Fact]
    public void Reserved_characters_outside_quotes_are_reported()
    {
        Assert.Equal("test.conf:1:6: reserved character '*' is not allowed outside quoted strings; quote the string", Hocon.Error("a = b*c").Message);
        Assert.Equal("test.conf:1:5: unexpected '$': a substitution is written '${path}'; quote the string to use a literal '$'", Hocon.Error("a = $HOME").Message);
        Assert.Equal("test.conf:1:3: unexpected '+': '+' can only appear in '+=' outside quoted strings", Hocon.Error("a + 1").Message);
    }

    [Fact]
    public void Root_array_is_rejected()
    {
        Assert.Equal("test.conf:2:1: the root of a HOCON document must be an object, not an array", Hocon.Error("\n[1, 2]").Message);
    }

    [Fact]
    public void Empty_path_elements_are_rejected()
    {
        Assert.Equal(
            "test.conf:1:1: path expression 'a..b' has an empty element; a path must not start or end with '.' or contain '..' (quote an empty key as \"\")",
            Hocon.Error("a..b = 1").Message);
        Assert.Equal("""{"a":{"":{"b":1}}}""", Hocon.Json("a.\"\".b = 1"));
    }

    [Fact]
    public void Substitutions_in_keys_are_rejected()
    {
        Assert.Equal("test.conf:1:1: substitutions are not allowed in keys but found the substitution ${a}", Hocon.Error("${a} = 1").Message);
    }

    [Fact]
    public void Unterminated_substitution_is_reported_where_it_starts()
    {
        Assert.Equal(
            "test.conf:2:5: expected '}' to close the substitution '${missing.path' but found a newline",
            Hocon.Error("a = 1\nb = ${missing.path\nc = 2").Message);
        Assert.Equal(
            "test.conf:1:5: expected '}' to close the substitution '${?x' but found end of file",
            Hocon.Error("a = ${?x").Message);
    }

    [Fact]
    public void Empty_or_malformed_substitution_paths_are_reported()
    {
        Assert.Equal("test.conf:1:5: empty substitution '${ }': expected a path such as ${a.b}", Hocon.Error("a = ${ }").Message);
        Assert.Equal("test.conf:1:8: invalid character '$' in path expression; quote the path element", Hocon.Error("a = ${a${b}}").Message);
    }

    [Fact]
    public void Unresolved_required_substitution_names_the_substitution_and_its_position()
    {
        var error = Hocon.Error("a = 1\nb = 2\nc = hello ${missing.path}");

        Assert.Equal("test.conf:3:11: could not resolve substitution ${missing.path}", error.Message);
    }

    [Fact]
    public void Self_reference_without_an_earlier_value_is_unresolved()
    {
        Assert.Equal("test.conf:1:5: could not resolve substitution ${a}", Hocon.Error("a = ${a}").Message);
    }

    [Fact]
    public void Substitution_cycles_are_reported_with_the_chain()
    {
        Assert.Equal("test.conf:1:7: substitution cycle: ${foo} -> ${bar} -> ${foo}", Hocon.Error("bar = ${foo}\nfoo = ${bar}").Message);
        Assert.Equal("test.conf:1:5: substitution cycle: ${b} -> ${c} -> ${a} -> ${b}", Hocon.Error("a = ${b}\nb = ${c}\nc = ${a}").Message);
    }

    [Fact]
    public void Reference_to_the_enclosing_object_from_inside_it_is_a_cycle()
    {
        Assert.Equal("test.conf:1:9: substitution cycle: ${a} -> ${a}", Hocon.Error("a { b = ${a} }").Message);
        Assert.Equal("test.conf:1:6: substitution cycle: ${a} -> ${a}", Hocon.Error("a = [${a}]").Message);
    }

    [Fact]
    public void Optional_substitution_in_a_cycle_is_undefined()
    {
        Assert.Equal("""{"b":{}}""", Hocon.Json("b { c = ${?b} }"));
    }

    [Fact]
    public void Mixing_kinds_in_a_concatenation_is_reported()
    {
        Assert.Equal(
            "test.conf:1:9: cannot concatenate an array with a string: strings, arrays and objects only concatenate with their own kind",
            Hocon.Error("a = [1] x").Message);
        Assert.Equal(
            "test.conf:2:10: cannot concatenate an object with an array: strings, arrays and objects only concatenate with their own kind",
            Hocon.Error("o { x = 1 }\nb = ${o} [1]").Message);
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_reported()
    {
        Assert.Equal("test.conf:2:1: '+=' appends to an array but 'a' is a number", Hocon.Error("a = 1\na += 2").Message);
    }

    [Fact]
    public void Include_without_a_quoted_name_is_reported()
    {
        Assert.Equal(
            "test.conf:1:9: expected a quoted file name, file(\"…\") or required(\"…\") after 'include' but found 'foo.conf'",
            Hocon.Error("include foo.conf").Message);
        Assert.Equal(
            "test.conf:1:9: expected file(\"…\") or required(\"…\") after 'include' but found 'fille('",
            Hocon.Error("include fille(\"x.conf\")").Message);
        Assert.Equal(
            "test.conf:1:26: expected ')' to close 'include required(\"x.conf\"' but found end of file",
            Hocon.Error("include required(\"x.conf\"").Message);
    }

    [Fact]
    public void Include_of_urls_and_classpath_resources_is_rejected()
    {
        Assert.Equal(
            "test.conf:1:9: include url(…) is not supported: only files can be included",
            Hocon.Error("include url(\"http://example.com/a.conf\")").Message);
        Assert.Equal(
            "test.conf:1:9: include classpath(…) is not supported: only files can be included",
            Hocon.Error("include required(classpath(\"a.conf\"))").Message);
    }
}
