using Pulse.ServiceDefaults;

namespace Pulse.Registry.Storage;

/// <summary>The registry's schema: the scripts in <c>Storage/Migrations</c>, applied by <see cref="RegistryStartup"/>.</summary>
internal static class RegistrySchema
{
    // An arbitrary constant that names "the registry's schema" among advisory locks. The hand-written migrator that came
    // before DbUp took the same key and recorded versions 1 to 6 (the scripts 0001 to 0006) in schema_migrations.
    public static readonly SchemaMigrations Migrations = new(typeof(RegistrySchema).Assembly, 0x50554c5345_01, "schema_migrations");
}
