using System.Text;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Harness;

/// <summary>
/// Turns one route into its cases: the valid call, then garbage in each path parameter, hostile values in each query
/// parameter, every field of the body swapped, dropped, duplicated or filled with hostile text, broken bodies, and a
/// few seeded random combinations of those.
/// </summary>
internal static class CaseGenerator
{
    public const string JsonType = "application/json";

    /// <summary>How many random multi-field combinations each body route gets (on top of the one-field cases).</summary>
    public const int CombinedPerRoute = 12;

    private static readonly (string Kind, Func<string, string> Value)[] PathGarbage =
    [
        ("path:unknown-id", _ => "00000000-0000-0000-0000-000000000000"),
        ("path:not-an-id", _ => "not-an-id"),
        ("path:negative", _ => "-1"),
        ("path:huge", _ => "99999999999999999999999999999999"),
        ("path:nul", real => real + "%00"),
        ("path:invalid-utf8", _ => Evil.InvalidUtf8Escaped),
        ("path:control", real => "%01%1B" + real),
        ("path:rtl", real => "%E2%80%AE" + real),
        ("path:zero-width", real => real + "%E2%80%8B"),
        ("path:over-long", _ => new string('a', 4000)),
        ("path:dot-segments", _ => "..%2F..%2Fhealth"),
    ];

    private static readonly (string Kind, string Value)[] QueryGarbage =
    [
        ("query:invalid-utf8", Evil.InvalidUtf8Escaped),
        ("query:text", "abc"),
        ("query:negative", "-1"),
        ("query:huge", "99999999999999999999999999999999"),
        ("query:beyond-double", "1e400"),
        ("query:fraction", "1.5"),
        ("query:empty", ""),
        ("query:over-long", new string('q', 6000)),
    ];

    public static List<FuzzCase> For(ApiOperation operation, RouteSpec? spec)
    {
        var random = FuzzSeed.For(operation.Key);
        var method = new HttpMethod(operation.Method);
        var route = operation.Key;
        var cases = new List<FuzzCase>();
        JObj? Seed(RouteIds ids) => spec?.Body?.Invoke(ids);

        FuzzRequest Request(RouteIds ids, string? query, Func<JObj, FuzzJson?>? mutateBody, Func<string, string, string>? pathValue = null,
            byte[]? rawBody = null, string contentType = JsonType)
        {
            var path = PathOf(operation, ids, pathValue);
            var pathAndQuery = query is null ? path : path + "?" + query;
            if (rawBody is not null)
            {
                return new FuzzRequest(method, pathAndQuery, rawBody, contentType);
            }

            if (Seed(ids) is not { } seed)
            {
                return new FuzzRequest(method, pathAndQuery);
            }

            var body = mutateBody is null ? seed : mutateBody(seed);
            return body is null
                ? new FuzzRequest(method, pathAndQuery)
                : new FuzzRequest(method, pathAndQuery, body.ToUtf8(), contentType, body as JObj);
        }

        cases.Add(new FuzzCase(route, FuzzCase.Valid, "the seed as it is", ids => Request(ids, null, null)));

        foreach (var parameter in operation.PathParameters)
        {
            foreach (var (kind, value) in PathGarbage)
            {
                cases.Add(new FuzzCase(route, kind, $"path {{{parameter}}}",
                    ids => Request(ids, null, null, (name, real) => name == parameter ? value(real) : real)));
            }
        }

        foreach (var parameter in operation.QueryParameters.Concat(spec?.ExtraQuery ?? []).Distinct())
        {
            foreach (var (kind, variants) in Evil.Strings)
            {
                var value = kind == "lone-surrogate" ? "%ED%A0%80" : Evil.Escape(Evil.Pick(random, variants));
                cases.Add(new FuzzCase(route, "query:" + kind, $"?{parameter}=", ids => Request(ids, $"{parameter}={value}", null)));
            }

            foreach (var (kind, value) in QueryGarbage)
            {
                cases.Add(new FuzzCase(route, kind, $"?{parameter}=", ids => Request(ids, $"{parameter}={value}", null)));
            }

            cases.Add(new FuzzCase(route, "query:duplicate", $"?{parameter} twice",
                ids => Request(ids, $"{parameter}=1&{parameter}=abc", null)));
        }

        cases.Add(new FuzzCase(route, "query:unknown-parameter", "?zz_unknown=%00", ids => Request(ids, "zz_unknown=%00", null)));

        if (spec?.Body is not null || operation.HasBody)
        {
            AddBodyCases(operation, spec, random, cases, Seed, Request);
        }

        return cases;
    }

    private static void AddBodyCases(
        ApiOperation operation, RouteSpec? spec, Random random, List<FuzzCase> cases, Func<RouteIds, JObj?> seed,
        Func<RouteIds, string?, Func<JObj, FuzzJson?>?, Func<string, string, string>?, byte[]?, string, FuzzRequest> request)
    {
        var route = operation.Key;
        FuzzCase Body(string kind, string label, Func<JObj, FuzzJson?> mutate) =>
            new(route, kind, label, ids => request(ids, null, mutate, null, null, JsonType));
        FuzzCase Raw(string kind, string label, byte[] bytes, string contentType = JsonType) =>
            new(route, kind, label, ids => request(ids, null, null, null, bytes, contentType));

        // Whole documents.
        cases.Add(Raw("body:malformed", "a truncated object", "{\"name\":"u8.ToArray()));
        cases.Add(Raw("body:malformed", "single quotes", "{'a':1}"u8.ToArray()));
        cases.Add(Raw("body:empty", "no bytes", []));
        cases.Add(Body("body:not-an-object", "an array", _ => FuzzJson.Arr()));
        cases.Add(Body("body:not-an-object", "a string", _ => FuzzJson.Str("x")));
        cases.Add(Body("body:not-an-object", "null", _ => FuzzJson.Null));
        cases.Add(Body("body:not-an-object", "a number", _ => FuzzJson.Num(1)));
        cases.Add(Body("body:deep-nesting", $"arrays {Evil.NestingDepth} deep", _ => Evil.DeepArray()));
        cases.Add(Body("body:deep-nesting", $"objects {Evil.NestingDepth} deep", _ => Evil.DeepObject()));
        cases.Add(Raw("body:invalid-utf8", "a key that is not UTF-8", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']));
        cases.Add(Raw("body:bom", "a byte-order mark before {}", [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']));
        cases.Add(Raw("body:trailing-garbage", "{} then more", "{} {}"u8.ToArray()));
        cases.Add(Raw("body:too-large", "2 MiB of JSON", Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('p', 2 * 1024 * 1024) + "\"}")));
        cases.Add(new FuzzCase(route, "body:wrong-content-type", "valid JSON as text/plain",
            ids => request(ids, null, s => s, null, null, "text/plain")));
        cases.Add(new FuzzCase(route, "body:wrong-content-type", "valid JSON as a form",
            ids => request(ids, null, s => s, null, null, "application/x-www-form-urlencoded")));
        cases.Add(new FuzzCase(route, "body:missing", "no body at all",
            ids => request(ids, null, _ => null, null, null, JsonType)));
        cases.Add(Body("body:unknown-field", "an extra field", s => s.With("zz_unknown", FuzzJson.Str("\u0000"))));

        var seedFields = spec?.Body is null ? [] : FieldsOf(spec.Body);
        var fields = seedFields.Select(f => f.Name).Union(operation.BodyFields.Keys).ToList();
        foreach (var field in fields)
        {
            foreach (var (kind, label, mutate) in FieldMutations(field, random))
            {
                cases.Add(Body(kind, label, mutate));
            }
        }

        if (fields.Count == 0)
        {
            return;
        }

        var all = fields.SelectMany(f => FieldMutations(f, random)).ToList();
        for (var i = 0; i < CombinedPerRoute; i++)
        {
            var picked = Enumerable.Range(0, random.Next(2, 5)).Select(_ => all[random.Next(all.Count)]).ToList();
            cases.Add(Body("combined", string.Join(" + ", picked.Select(p => p.Label)), body =>
            {
                FuzzJson? result = body;
                foreach (var mutation in picked)
                {
                    result = result is JObj current ? mutation.Mutate(current) : result;
                }

                return result;
            }));
        }
    }

    /// <summary>Every mutation of one field: dropped, duplicated, hostile text (replacing or appended), other types, numbers, nesting.</summary>
    private static List<(string Kind, string Label, Func<JObj, FuzzJson?> Mutate)> FieldMutations(string field, Random random)
    {
        var mutations = new List<(string, string, Func<JObj, FuzzJson?>)>
        {
            ("missing-field", $"{field} dropped", body => body.Without(field)),
            ("duplicate-field", $"{field} twice", body => body.Duplicating(field, Alternative(body[field]))),
        };

        foreach (var (kind, variants) in Evil.Strings)
        {
            var value = Evil.Pick(random, variants);
            mutations.Add((kind, $"{field} = {Display.Of(value, 40)}", body => body.With(field, Replace(body[field], value))));
            mutations.Add((kind, $"{field} += {Display.Of(value, 40)}", body => body.With(field, Append(body[field], value))));
        }

        mutations.Add(("invalid-utf8", $"{field} holds invalid UTF-8", body => body.With(field, Evil.InvalidUtf8String(TextOf(body[field])))));

        foreach (var (kind, value) in Evil.TypeSwaps)
        {
            mutations.Add((kind, $"{field} = {value.ToDisplay()}", body => body.With(field, value)));
        }

        foreach (var (kind, json) in Evil.Numbers)
        {
            mutations.Add((kind, $"{field} = {json}", body => body.With(field, FuzzJson.Raw(json))));
        }

        mutations.Add(("deep-nesting", $"{field} = arrays {Evil.NestingDepth} deep", body => body.With(field, Evil.DeepArray())));
        mutations.Add(("deep-nesting", $"{field} = objects {Evil.NestingDepth} deep", body => body.With(field, Evil.DeepObject())));
        return mutations;
    }

    // Hostile text in place of the value: in a string array it becomes an item, elsewhere the whole value.
    private static FuzzJson Replace(FuzzJson? current, string value) =>
        current is JArr ? FuzzJson.Arr(FuzzJson.Str(value)) : FuzzJson.Str(value);

    // Hostile text after a valid value, so it gets past format checks and reaches storage.
    private static FuzzJson Append(FuzzJson? current, string value) => current switch
    {
        JStr text => FuzzJson.Str(text.Value + value),
        JArr array => new JArr([.. array.Items, FuzzJson.Str(value)]),
        _ => FuzzJson.Str(value),
    };

    private static FuzzJson Alternative(FuzzJson? current) => current switch
    {
        JStr text => FuzzJson.Str(text.Value + "-second"),
        null => FuzzJson.Str("second"),
        _ => current,
    };

    private static string TextOf(FuzzJson? value) => value is JStr text ? text.Value : "";

    private static List<(string Name, FuzzJson Value)> FieldsOf(Func<RouteIds, JObj> body)
    {
        // The seed's shape does not depend on the ids; placeholders are enough to list its fields.
        var placeholders = new RouteIds { ["id"] = "1", ["mid"] = "1", ["hash"] = "1", ["epoch"] = "1" };
        return body(placeholders).Fields;
    }

    private static string PathOf(ApiOperation operation, RouteIds ids, Func<string, string, string>? pathValue)
    {
        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            var real = ids.TryGetValue(parameter, out var id) ? Uri.EscapeDataString(id) : "00000000-0000-0000-0000-000000000000";
            path = path.Replace("{" + parameter + "}", pathValue is null ? real : pathValue(parameter, real), StringComparison.Ordinal);
        }

        return path;
    }
}
