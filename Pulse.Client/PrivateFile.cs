namespace Pulse.Files;

// The code is in Shared/PrivateFile.cs (also compiled into Pulse.Hosting.LocalServers, internal there): the SDK makes
// it public, so a service keeps its own private files the same way.
public static partial class PrivateFile
{
}
