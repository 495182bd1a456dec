namespace Pulse.Registry.Api;

/// <summary>Secrets appear only with <c>include=credentials</c>, and never in a cache.</summary>
internal static class Credentials
{
    public static bool Requested(HttpResponse response, string? include)
    {
        if (!string.Equals(include, "credentials", StringComparison.Ordinal))
        {
            return false;
        }

        response.Headers.CacheControl = "no-store";
        return true;
    }

    /// <summary>Whether the request asks for secrets (<c>include=credentials</c>).</summary>
    public static bool Asked(HttpRequest request) =>
        string.Equals(request.Query["include"], "credentials", StringComparison.Ordinal);
}
