// The tests check Unix file modes; the project runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
