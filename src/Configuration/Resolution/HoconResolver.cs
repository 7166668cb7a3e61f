using ActorRpc.Configuration.Parsing;

namespace ActorRpc.Configuration.Resolution;

/// <summary>
/// Resolves merges, <c>+=</c> and substitutions over the whole document. Every field is flattened into an ordered
/// list of assignments at absolute paths; the value of a path "as of" an assignment index folds the assignments at,
/// above and below that path. Substitutions look at the final document, except a self-reference (a substitution at
/// the top level of a field's value whose path is that field or lies inside it), which looks only at the
/// assignments before its own, i.e. at the value it overrides.
/// </summary>
internal sealed class HoconResolver
{
    private const int Final = int.MaxValue;

    private readonly List<Assignment> _assignments = [];
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<int, HoconValue?> _evaluated = [];
    private readonly Dictionary<int, int> _inProgress = [];
    private readonly Dictionary<string, HoconValue?> _finalValues = new(StringComparer.Ordinal);
    private readonly List<SyntaxSubstitution> _substitutions = [];

    private HoconResolver(Func<string, string?> environment) => _environment = environment;

    /// <summary>Resolves <paramref name="root"/>; unresolved names fall back to <paramref name="environment"/>.</summary>
    public static HoconObject Resolve(SyntaxObject root, Func<string, string?> environment)
    {
        var resolver = new HoconResolver(environment);
        resolver.Flatten(root, []);
        try
        {
            return resolver.Lookup([], Final) as HoconObject ?? HoconObject.Empty;
        }
        catch (SubstitutionCycleException cycle)
        {
            throw cycle.Error;
        }
    }

    private void Flatten(SyntaxObject syntax, IReadOnlyList<string> basePath)
    {
        foreach (var field in syntax.Fields)
        {
            IReadOnlyList<string> path = [.. basePath, .. field.Path];
            if (field.IsAppend)
            {
                // a += b is a = ${?a} [b], with ${?a} looking at the previous value of a.
                var previous = new SyntaxSubstitution(path, IsOptional: true, [], $"${{?{HoconPathExpression.Render(path)}}}", field.Position);
                var append = new SyntaxConcatenation([previous, new SyntaxArray([field.Value], field.Value.Position)], field.Position)
                {
                    AppendPath = path,
                };
                Add(path, append);
            }
            else if (AsObjectLiterals(field.Value) is { } objects)
            {
                // a { … } and a = { … } { … } become assignments to each nested field, so siblings can refer to each other.
                foreach (var literal in objects)
                {
                    Add(path, null);
                    Flatten(literal, path);
                }
            }
            else
            {
                Add(path, field.Value);
            }
        }
    }

    private static IReadOnlyList<SyntaxObject>? AsObjectLiterals(SyntaxValue value) => value switch
    {
        SyntaxObject literal => [literal],
        SyntaxConcatenation concatenation when concatenation.Pieces.All(piece => piece is SyntaxObject or SyntaxWhitespace) =>
            [.. concatenation.Pieces.OfType<SyntaxObject>()],
        _ => null,
    };

    private void Add(IReadOnlyList<string> path, SyntaxValue? value) => _assignments.Add(new Assignment(_assignments.Count, path, value));

    /// <summary>
    /// The value at <paramref name="path"/> considering only assignments before <paramref name="limit"/>; null when
    /// undefined. Walks backwards and stops at the newest non-object, so values it hides are never evaluated.
    /// </summary>
    private HoconValue? Lookup(IReadOnlyList<string> path, int limit)
    {
        var memoKey = limit == Final ? string.Join('\0', path) : null;
        if (memoKey is not null && _finalValues.TryGetValue(memoKey, out var memo))
        {
            return memo;
        }

        var layers = new List<HoconObject>();
        var isObject = false;
        var children = new Dictionary<string, int>(StringComparer.Ordinal);
        HoconValue? bottom = null;
        for (var i = Math.Min(limit, _assignments.Count) - 1; i >= 0; i--)
        {
            var assignment = _assignments[i];
            if (assignment.Path.Count > path.Count)
            {
                if (StartsWith(assignment.Path, path))
                {
                    // A field below the path: the path holds an object, whose children are looked up one by one.
                    isObject = true;
                    // Scanning backwards, the last index seen for a child is where it was first defined.
                    children[assignment.Path[path.Count]] = i;
                }

                continue;
            }

            if (!StartsWith(path, assignment.Path))
            {
                continue;
            }

            if (assignment.Value is null)
            {
                isObject |= assignment.Path.Count == path.Count;
                continue;
            }

            var (outcome, value) = Descend(Evaluate(assignment), path, assignment.Path.Count);
            if (outcome == DescendOutcome.NoEffect)
            {
                continue;
            }

            if (outcome == DescendOutcome.Found && value is HoconObject found)
            {
                layers.Add(found);
                isObject = true;
                continue;
            }

            // A non-object at the path, or above it, hides everything older.
            bottom = outcome == DescendOutcome.Found ? value : null;
            break;
        }

        var result = isObject ? BuildObject(path, limit, layers, children) : bottom;
        if (memoKey is not null)
        {
            _finalValues[memoKey] = result;
        }

        return result;
    }

    private HoconObject BuildObject(IReadOnlyList<string> path, int limit, List<HoconObject> newestFirst, Dictionary<string, int> children)
    {
        var merged = HoconObject.Empty;
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            merged = merged.MergeWith(newestFirst[i]);
        }

        if (children.Count == 0)
        {
            return merged;
        }

        var fields = new OrderedDictionary<string, HoconValue>(merged, StringComparer.Ordinal);
        foreach (var child in children.OrderBy(pair => pair.Value).Select(pair => pair.Key))
        {
            if (Lookup([.. path, child], limit) is { } value)
            {
                fields[child] = value;
            }
            else
            {
                fields.Remove(child);
            }
        }

        return new HoconObject(fields);
    }

    private static (DescendOutcome Outcome, HoconValue? Value) Descend(HoconValue? value, IReadOnlyList<string> path, int depth)
    {
        if (value is null)
        {
            // An optional substitution that is undefined leaves the earlier value in place.
            return (DescendOutcome.NoEffect, null);
        }

        for (var i = depth; i < path.Count; i++)
        {
            if (value is not HoconObject current)
            {
                return (DescendOutcome.Hidden, null);
            }

            if (!current.TryGetValue(path[i], out value))
            {
                return (DescendOutcome.NoEffect, null);
            }
        }

        return (DescendOutcome.Found, value);
    }

    private HoconValue? Evaluate(Assignment assignment)
    {
        if (_evaluated.TryGetValue(assignment.Index, out var done))
        {
            return done;
        }

        if (_inProgress.TryGetValue(assignment.Index, out var depth))
        {
            throw Cycle(depth);
        }

        _inProgress[assignment.Index] = _substitutions.Count;
        try
        {
            var value = EvaluateValue(assignment.Value!, assignment.Path, assignment.Index, topLevel: true);
            _evaluated[assignment.Index] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(assignment.Index);
        }
    }

    private SubstitutionCycleException Cycle(int depth)
    {
        var chain = _substitutions[depth..];
        var first = chain.Count > 0 ? chain[0] : _substitutions[^1];
        var steps = string.Join(" -> ", chain.Append(first).Select(substitution => substitution.Text));
        return new SubstitutionCycleException(first.Position.Error($"substitution cycle: {steps}"));
    }

    /// <summary>Evaluates a value written in the field at <paramref name="definingPath"/> (assignment <paramref name="index"/>).</summary>
    private HoconValue? EvaluateValue(SyntaxValue value, IReadOnlyList<string> definingPath, int index, bool topLevel) => value switch
    {
        SyntaxScalar scalar => scalar.Value,
        SyntaxWhitespace whitespace => HoconScalar.String(whitespace.Text),
        SyntaxSubstitution substitution => Substitute(substitution, definingPath, index, topLevel),
        SyntaxConcatenation concatenation => Concatenate(concatenation, definingPath, index, topLevel),
        SyntaxArray array => new HoconArray(array.Elements
            .Select(element => EvaluateValue(element, definingPath, index, topLevel: false))
            .OfType<HoconValue>()),
        SyntaxObject literal => EvaluateObject(literal, definingPath, index),
        _ => throw new InvalidOperationException($"unknown syntax node {value.GetType().Name}"),
    };

    private HoconValue? Substitute(SyntaxSubstitution substitution, IReadOnlyList<string> definingPath, int index, bool topLevel)
    {
        // A file included at a.b has its ${x} tried as ${a.b.x} first, then as ${x}.
        IReadOnlyList<string>[] candidates = substitution.FixupPrefix.Count > 0
            ? [[.. substitution.FixupPrefix, .. substitution.Path], substitution.Path]
            : [substitution.Path];
        _substitutions.Add(substitution);
        try
        {
            foreach (var candidate in candidates)
            {
                var selfReferential = topLevel && StartsWith(candidate, definingPath);
                HoconValue? value;
                try
                {
                    value = Lookup(candidate, selfReferential ? index : Final);
                }
                catch (SubstitutionCycleException) when (substitution.IsOptional)
                {
                    value = null;
                }

                if (value is not null)
                {
                    return value;
                }
            }
        }
        finally
        {
            _substitutions.RemoveAt(_substitutions.Count - 1);
        }

        // Not in the document (not even as null): fall back to an environment variable named by the path.
        var environmentValue = _environment(string.Join('.', substitution.Path));
        if (!string.IsNullOrEmpty(environmentValue))
        {
            return HoconScalar.String(environmentValue);
        }

        return substitution.IsOptional
            ? null
            : throw substitution.Position.Error($"could not resolve substitution {substitution.Text}");
    }

    private HoconValue? Concatenate(SyntaxConcatenation concatenation, IReadOnlyList<string> definingPath, int index, bool topLevel)
    {
        var pieces = concatenation.Pieces
            .Select(piece => (Syntax: piece, Value: piece is SyntaxWhitespace ? null : EvaluateValue(piece, definingPath, index, topLevel)))
            .ToList();
        var defined = pieces.Where(piece => piece.Value is not null).ToList();
        if (defined.Count == 0)
        {
            // Only undefined optional substitutions: the field is left undefined.
            return null;
        }

        var first = defined[0].Value!;
        foreach (var (syntax, value) in defined.Skip(1))
        {
            if (Category(value!) != Category(first))
            {
                throw concatenation.AppendPath is { } appended
                    ? concatenation.Position.Error($"'+=' appends to an array but '{HoconPathExpression.Render(appended)}' is {Describe(first)}")
                    : syntax.Position.Error($"cannot concatenate {Describe(first)} with {Describe(value!)}: strings, arrays and objects only concatenate with their own kind");
            }
        }

        switch (first)
        {
            case HoconObject:
                return defined.Select(piece => (HoconObject)piece.Value!).Aggregate((older, newer) => older.MergeWith(newer));
            case HoconArray:
                return defined.Select(piece => (HoconArray)piece.Value!).Aggregate((older, newer) => older.Concat(newer));
            default:
                // Whitespace between pieces is kept; an undefined optional substitution contributes "".
                var text = string.Concat(pieces.Select(piece => piece.Syntax is SyntaxWhitespace whitespace
                    ? whitespace.Text
                    : (piece.Value as HoconScalar)?.ToConcatenationText() ?? ""));
                return HoconScalar.String(text);
        }
    }

    /// <summary>An object literal that is not flattened (inside an array or a concatenation), merged on its own.</summary>
    private HoconObject EvaluateObject(SyntaxObject literal, IReadOnlyList<string> definingPath, int index)
    {
        var result = HoconObject.Empty;
        foreach (var field in literal.Fields)
        {
            var value = EvaluateValue(field.Value, definingPath, index, topLevel: false);
            if (field.IsAppend)
            {
                result.TryGetPath(field.Path, out var existing);
                value = existing switch
                {
                    null => value is null ? null : new HoconArray([value]),
                    HoconArray array => value is null ? array : array.Concat(new HoconArray([value])),
                    _ => throw field.Position.Error($"'+=' appends to an array but '{HoconPathExpression.Render(field.Path)}' is {Describe(existing)}"),
                };
            }

            if (value is not null)
            {
                result = result.MergeWith(Nest(field.Path, value));
            }
        }

        return result;
    }

    private static HoconObject Nest(IReadOnlyList<string> path, HoconValue value)
    {
        for (var i = path.Count - 1; i > 0; i--)
        {
            value = new HoconObject([new(path[i], value)]);
        }

        return new HoconObject([new(path[0], value)]);
    }

    private static int Category(HoconValue value) => value switch
    {
        HoconObject => 0,
        HoconArray => 1,
        _ => 2,
    };

    private static string Describe(HoconValue value) => value.Kind switch
    {
        HoconValueKind.Object => "an object",
        HoconValueKind.Array => "an array",
        HoconValueKind.String => "a string",
        HoconValueKind.Number => "a number",
        HoconValueKind.Boolean => "a boolean",
        _ => "null",
    };

    private static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix)
    {
        if (prefix.Count > path.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
