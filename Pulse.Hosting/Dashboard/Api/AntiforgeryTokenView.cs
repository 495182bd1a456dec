namespace Pulse.Hosting.Dashboard.Api;

/// <summary>The antiforgery token the page sends with its state-changing calls.</summary>
internal sealed record AntiforgeryTokenView(string RequestToken, string HeaderName);
