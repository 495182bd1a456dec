namespace Pulse.Files;

// The code is in Shared/PrivateFile.cs, shared with the SDK as source: here it is internal (the password and
// configuration files of the local servers).
internal static partial class PrivateFile
{
}
