namespace Pulse.Registry.Relay;

/// <summary>The states of a relayed message (docs/relay.md).</summary>
internal static class MessageStatus
{
    public const string Pending = "pending";
    public const string Claimed = "claimed";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}
