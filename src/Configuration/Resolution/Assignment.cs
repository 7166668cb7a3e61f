using ActorRpc.Configuration.Parsing;

namespace ActorRpc.Configuration.Resolution;

/// <summary>
/// One definition at an absolute path, in document order. A null <see cref="Value"/> marks an object literal at the
/// path: it keeps an earlier object there (merge) or replaces an earlier non-object with an empty object.
/// </summary>
internal sealed record Assignment(int Index, IReadOnlyList<string> Path, SyntaxValue? Value);
