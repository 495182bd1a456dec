namespace Pilot.Sample.DownloadClients;

/// <summary><c>include=credentials</c>: keys are shown only when asked for, and then never cached.</summary>
internal static class Credentials
{
    public static bool Requested(HttpContext context, string? include)
    {
        var requested = string.Equals(include, "credentials", StringComparison.Ordinal);
        if (requested)
        {
            context.Response.Headers.CacheControl = "no-store";
        }

        return requested;
    }
}
