using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// One generated request: the route, the kind of mutation (the report groups failures by route and kind), a label
/// saying what was changed, and how to build the request once the route's real ids are known.
/// </summary>
internal sealed record FuzzCase(string Route, string Kind, string Label, Func<RouteIds, FuzzRequest> Build)
{
    /// <summary>The unmutated call: a valid seed must be accepted, or the seed table is out of date.</summary>
    public const string Valid = "valid";

    public override string ToString() => $"{Route} [{Kind}] {Label}";
}

/// <summary>A request as sent: path and query already escaped, the body as raw bytes.</summary>
internal sealed record FuzzRequest(
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    JObj? Sent = null)
{
    public string Describe() =>
        $"{Method} {Display.Of(PathAndQuery)}" + (Body is null ? "" : $" {ContentType}: {Display.Of(Body)}");
}
