namespace ActorRpc.Configuration.Parsing;

/// <summary>A value as written, before includes are merged and substitutions resolved.</summary>
internal abstract record SyntaxValue(SourcePosition Position);
