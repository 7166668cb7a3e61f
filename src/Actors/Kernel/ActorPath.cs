using System.Text;

namespace ActorRpc.Actors.Kernel;

/// <summary>
/// The name chain of an actor, e.g. <c>actorrpc://node1/user/router/bot-alpha</c>. Immutable; equal when
/// the strings are equal.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    /// <summary>The scheme of every address.</summary>
    public const string Scheme = "actorrpc";

    /// <summary>The parent path, or <see langword="null"/> for a root.</summary>
    private readonly ActorPath? _parent;

    /// <summary>Built on first use: the path without the address.</summary>
    private string? _relative;

    private ActorPath(string system, ActorPath? parent, string name)
    {
        System = system;
        _parent = parent;
        Name = name;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The name of the actor system this path belongs to.</summary>
    public string System { get; }

    /// <summary>The last element ("" for the root).</summary>
    public string Name { get; }

    /// <summary>0 for the root, 1 for <c>/user</c>, and so on.</summary>
    public int Depth { get; }

    /// <summary>The parent path; the root is its own parent.</summary>
    public ActorPath Parent => _parent ?? this;

    /// <summary>The root path of system <paramref name="system"/>.</summary>
    public static ActorPath CreateRoot(string system) => new(system, null, "");

    /// <summary>The path of a child named <paramref name="name"/>.</summary>
    public ActorPath Child(string name) => new(System, this, name);

    /// <summary>The elements below the root, e.g. <c>["user", "router"]</c>.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            for (var p = this; p._parent is not null; p = p._parent)
            {
                elements[p.Depth - 1] = p.Name;
            }
            return elements;
        }
    }

    /// <summary>The path without its address: <c>/user/router/bot-alpha</c>.</summary>
    public string ToStringWithoutAddress()
    {
        if (_relative is not null)
        {
            return _relative;
        }
        if (_parent is null)
        {
            return _relative = "/";
        }
        var builder = new StringBuilder();
        foreach (var element in Elements)
        {
            builder.Append('/').Append(element);
        }
        return _relative = builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}://{System}{ToStringWithoutAddress()}";

    /// <inheritdoc />
    public bool Equals(ActorPath? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Depth == other.Depth && Name == other.Name && System == other.System && Equals(_parent, other._parent)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(System, ToStringWithoutAddress());

    /// <summary>
    /// Throws unless <paramref name="name"/> is a valid user-given actor name: not empty, no <c>/</c>,
    /// no leading <c>$</c> (reserved for generated names), no whitespace or control characters.
    /// </summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new InvalidActorNameException("An actor name must not be empty.");
        }
        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name '{name}' must not start with '$' (reserved for generated names).");
        }
        foreach (var c in name)
        {
            if (c == '/' || c == '#' || c == '?' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name '{name}' contains '{c}', which is not allowed in a path element.");
            }
        }
    }
}
