using Pulse.ServiceDefaults;

namespace Haul.Sample.Storage;

/// <summary>Haul's schema: the scripts in <c>Storage/Migrations</c>, applied at start before the server listens.</summary>
internal static class HaulSchema
{
    // "HAUL": the advisory lock key that the hand-written start-up before DbUp took too, so both serialise alike.
    public static readonly SchemaMigrations Migrations = new(typeof(HaulSchema).Assembly, 0x4841554c);
}
