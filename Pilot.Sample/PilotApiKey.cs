namespace Pilot.Sample;

/// <summary>The consumer's own API key, which its API and its web sign-in require.</summary>
internal sealed record PilotApiKey(string Value);
