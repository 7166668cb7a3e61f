namespace ActorRpc.Configuration.Resolution;

/// <summary>
/// Thrown inside the resolver when a substitution needs its own value; an optional substitution treats it as
/// undefined, otherwise <see cref="Error"/> reaches the caller.
/// </summary>
internal sealed class SubstitutionCycleException(HoconParseException error) : Exception(error.Message, error)
{
    public HoconParseException Error { get; } = error;
}
