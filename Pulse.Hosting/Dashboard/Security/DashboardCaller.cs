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
