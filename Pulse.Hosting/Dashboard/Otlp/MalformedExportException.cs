namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>An OTLP export that is not well-formed protobuf; the receiver answers <c>400</c> and stores nothing of it.</summary>
internal sealed class MalformedExportException(string message) : Exception(message);
