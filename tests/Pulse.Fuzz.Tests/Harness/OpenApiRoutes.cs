using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>One operation of a service's OpenAPI document: its path and query parameters and its JSON body's fields.</summary>
internal sealed record ApiOperation(
    string Method,
    string Path,
    IReadOnlyList<string> PathParameters,
    IReadOnlyList<string> QueryParameters,
    bool HasBody,
    IReadOnlyDictionary<string, string> BodyFields,
    string? Variant = null)
{
    /// <summary>
    /// The route's key in the seed tables and the report: <c>POST /api/v1/services/register</c>, and a variant in
    /// parentheses where one route is fuzzed twice over entities that take different bodies.
    /// </summary>
    public string Key => Variant is null ? $"{Method} {Path}" : $"{Method} {Path} ({Variant})";

    /// <summary>The key without its variant.</summary>
    public static string BaseOf(string key) => key.Split(" (")[0];

    public override string ToString() => Key;
}

/// <summary>Reads the operations out of <c>/openapi/v1.json</c>, as the service itself describes them.</summary>
internal static class OpenApiRoutes
{
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(HttpClient client, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(DocumentPath, ct));
        return Parse(document.RootElement);
    }

    public static IReadOnlyList<ApiOperation> Parse(JsonElement root)
    {
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            var template = path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name;
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation))
                {
                    continue;
                }

                var pathParameters = new List<string>();
                var queryParameters = new List<string>();
                foreach (var parameters in new[] { path.Value, operation })
                {
                    if (!parameters.TryGetProperty("parameters", out var list))
                    {
                        continue;
                    }

                    foreach (var parameter in list.EnumerateArray())
                    {
                        var name = parameter.GetProperty("name").GetString()!;
                        (parameter.GetProperty("in").GetString() == "path" ? pathParameters : queryParameters).Add(name);
                    }
                }

                var hasBody = operation.TryGetProperty("requestBody", out var body);
                var fields = hasBody ? BodyFields(root, body) : new Dictionary<string, string>();
                operations.Add(new ApiOperation(method.ToUpperInvariant(), template, pathParameters.Distinct().ToList(),
                    queryParameters.Distinct().ToList(), hasBody, fields));
            }
        }

        return operations;
    }

    // The JSON body's top-level properties and their types ("string", "integer", "boolean", "array", "object"), when
    // the document describes them; a body read by hand is described by nothing but its route.
    private static Dictionary<string, string> BodyFields(JsonElement root, JsonElement body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!body.TryGetProperty("content", out var content))
        {
            return fields;
        }

        foreach (var mediaType in content.EnumerateObject())
        {
            if (!mediaType.Value.TryGetProperty("schema", out var schema) || Resolve(root, schema) is not { } resolved
                || !resolved.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            foreach (var property in properties.EnumerateObject())
            {
                fields[property.Name] = TypeOf(root, property.Value);
            }
        }

        return fields;
    }

    private static JsonElement? Resolve(JsonElement root, JsonElement schema)
    {
        for (var hops = 0; hops < 8 && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                if (!target.TryGetProperty(part, out target))
                {
                    return null;
                }
            }

            schema = target;
        }

        return schema;
    }

    private static string TypeOf(JsonElement root, JsonElement schema)
    {
        if (Resolve(root, schema) is not { } resolved)
        {
            return "object";
        }

        if (resolved.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "object"
                : type.GetString() ?? "object";
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (resolved.TryGetProperty(combinator, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    var optionType = TypeOf(root, option);
                    if (optionType != "null")
                    {
                        return optionType;
                    }
                }
            }
        }

        return "object";
    }

    public static Task<JsonElement> GetJsonAsync(HttpClient client, string path, CancellationToken ct) =>
        client.GetFromJsonAsync<JsonElement>(path, ct);
}
