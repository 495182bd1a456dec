using Pulse.ServiceDefaults;

namespace Pilot.Sample.Storage;

/// <summary>Pilot's schema: the scripts in <c>Storage/Migrations</c>, applied at start before the server listens.</summary>
internal static class PilotSchema
{
    // hashtext('pilot-schema'): the advisory lock key that the hand-written start-up before DbUp took too, so both
    // serialise alike.
    public static readonly SchemaMigrations Migrations = new(typeof(PilotSchema).Assembly, -562_967_158);
}
