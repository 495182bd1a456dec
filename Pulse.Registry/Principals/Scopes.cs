namespace Pulse.Registry.Principals;

/// <summary>
/// The scopes a route may need, as a <c>403</c> problem names them: <c>operator</c>, <c>consumer</c>, and
/// <c>service:&lt;name&gt;/&lt;type&gt;</c> (acting as that one service).
/// </summary>
internal static class Scopes
{
    public const string Operator = "operator";

    public const string Consumer = "consumer";

    public static string Service(string name, string type) => $"service:{name}/{type}";

    /// <summary>The problem for a known key outside its scope; it names the scope the key lacks, never the key.</summary>
    public static ProblemHttpResult Forbidden(string scope) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: $"This key lacks the scope {scope}.",
        extensions: new Dictionary<string, object?> { ["scope"] = scope });
}

/// <summary>What a route needs beyond a known key; a route without one is open to every principal.</summary>
internal enum ScopeKind
{
    /// <summary>The operator only.</summary>
    Operator,

    /// <summary>The operator or a consumer.</summary>
    Consumer,

    /// <summary>The operator, or the service whose id is the route's <c>{id}</c>.</summary>
    OwnService,

    /// <summary>Every principal; with <c>include=credentials</c>, the operator or a consumer.</summary>
    ConsumerForCredentials,
}

/// <summary>Endpoint metadata: the scope a route needs.</summary>
internal sealed record ScopeRequirement(ScopeKind Kind);
