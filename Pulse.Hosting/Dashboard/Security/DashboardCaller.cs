using Microsoft.AspNetCore.Http;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>How a request to the dashboard proved it holds the token.</summary>
internal enum DashboardCaller
{
    Anonymous,

    /// <summary>The sign-in cookie: a browser, so state-changing calls need an antiforgery token.</summary>
    Cookie,

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c>: a script; browsers never send it on their own.</summary>
    Bearer,
}

internal static class DashboardCallers
{
    private static readonly object Key = new();

    public static DashboardCaller Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var caller) ? (DashboardCaller)caller! : DashboardCaller.Anonymous;

    public static void Set(HttpContext context, DashboardCaller caller) => context.Items[Key] = caller;
}
