namespace ActorRpc.Configuration.Parsing;

/// <summary>One <c>key = value</c>, <c>key { … }</c> or <c>key += value</c>; a dotted key has several path elements.</summary>
internal sealed record SyntaxField(IReadOnlyList<string> Path, SyntaxValue Value, bool IsAppend, SourcePosition Position);
