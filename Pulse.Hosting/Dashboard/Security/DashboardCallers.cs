using Microsoft.AspNetCore.Http;

namespace Pulse.Hosting.Dashboard.Security;

/// <summary>Where the security middleware leaves how the current request proved it holds the token.</summary>
internal static class DashboardCallers
{
    private static readonly object Key = new();

    public static DashboardCaller Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var caller) ? (DashboardCaller)caller! : DashboardCaller.Anonymous;

    public static void Set(HttpContext context, DashboardCaller caller) => context.Items[Key] = caller;
}
