using ActorRpc.Gateways.Http.Endpoints;

namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>ASF's answer to <c>GET /Api/Type/{type}</c>: the fields and what kind of type it is.</summary>
/// <param name="Body">Field name → type name.</param>
/// <param name="Properties">The type's base type and attributes.</param>
internal sealed record TypeResponse(IReadOnlyDictionary<string, string> Body, TypeProperties Properties)
{
    public static TypeResponse Of(ConfigTypes.Description description) =>
        new(description.Fields, new TypeProperties(description.BaseType, null, null));
}

/// <summary>ASF's <c>Properties</c> of a type: ASF-ui draws a <c>System.Object</c> as a form of its fields.</summary>
/// <param name="BaseType">The base type's name.</param>
/// <param name="CustomAttributes">Its attributes' names (none here).</param>
/// <param name="UnderlyingType">An enum's underlying type (none here).</param>
internal sealed record TypeProperties(string? BaseType, IReadOnlyList<string>? CustomAttributes, string? UnderlyingType);
