namespace Pulse.Hosting.Dashboard.Api;

/// <summary>One line of a resource's console output.</summary>
internal sealed record ConsoleLineView(DateTime Timestamp, string Stream, string Text);
