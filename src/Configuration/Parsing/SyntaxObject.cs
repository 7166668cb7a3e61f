namespace ActorRpc.Configuration.Parsing;

/// <summary>An object literal: its fields in order, duplicates and included fields still unmerged.</summary>
internal sealed record SyntaxObject(IReadOnlyList<SyntaxField> Fields, SourcePosition Position) : SyntaxValue(Position);
