using Npgsql;

namespace Pulse.Hosting.ApplicationModel;

/// <summary>A database on a <see cref="PostgresServerResource"/>, created by the host when the server is ready.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    /// <inheritdoc />
    public override string Kind => "PostgresDatabase";

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The server the database lives on.</summary>
    public PostgresServerResource Server { get; } = server;

    /// <inheritdoc />
    public override Resource RunsOn => Server;

    /// <inheritdoc />
    public string GetConnectionString() =>
        new NpgsqlConnectionStringBuilder(Server.GetConnectionString()) { Database = DatabaseName }.ConnectionString;
}
