using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pulse.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>The composition the Pulse web services share: their options, clock, JSON, OpenAPI and own database.</summary>
public static class WebServiceExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="section"/>, validated by their
    /// data annotations at start (a bad setting stops the service there, naming the setting), and adds the system
    /// <see cref="TimeProvider"/> unless one is added already, the API's JSON (<see cref="AddSnakeCaseJson"/>) and its
    /// OpenAPI document (mapped with <c>app.MapOpenApi()</c>).
    /// </summary>
    /// <typeparam name="TOptions">The service's options.</typeparam>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="section">The options' configuration section.</param>
    /// <param name="jsonContext">The service's source-generated JSON context.</param>
    /// <returns>The options builder, to validate or configure more.</returns>
    public static OptionsBuilder<TOptions> AddWebService<TOptions>(
        this IHostApplicationBuilder builder, string section, IJsonTypeInfoResolver jsonContext)
        where TOptions : class
    {
        var options = builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSnakeCaseJson(jsonContext);
        builder.Services.AddOpenApi();
        return options;
    }

    /// <summary>
    /// The API's JSON: snake_case property names, read and written through <paramref name="jsonContext"/> before any
    /// other resolver.
    /// </summary>
    /// <param name="services">The service's services.</param>
    /// <param name="jsonContext">The service's source-generated JSON context.</param>
    public static IServiceCollection AddSnakeCaseJson(this IServiceCollection services, IJsonTypeInfoResolver jsonContext) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, jsonContext);
        });

    /// <summary>
    /// The service's own PostgreSQL database: its data source with deadlines and health check
    /// (<see cref="PostgresClientExtensions.AddPostgresClient"/>) and its schema, migrated at start
    /// (<see cref="SchemaMigrationExtensions.AddSchemaMigrations"/>).
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection string's name (the AppHost's database resource).</param>
    /// <param name="migrations">The schema's scripts and advisory lock.</param>
    public static TBuilder AddServiceDatabase<TBuilder>(this TBuilder builder, string connectionName, SchemaMigrations migrations)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddPostgresClient(connectionName);
        builder.Services.AddSchemaMigrations(migrations);
        return builder;
    }
}
