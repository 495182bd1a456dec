using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pulse.Fuzz.Tests.Harness;
using Pulse.Fuzz.Tests.Json;

namespace Pulse.Fuzz.Tests.Routes;

/// <summary>
/// The routes a consumer leaves out of its OpenAPI document: the page (<c>GET /</c>), and its sign-in, sign-out and
/// grab forms, posted as a browser would (a session's cookies, the page's antiforgery token), then mutated.
/// </summary>
internal sealed partial class PilotForms(Uri endpoint, string consumerKey, HttpClient api, PilotRoutes routes) : IDisposable
{
    /// <summary>Where a form's antiforgery field goes; its real name comes from the page.</summary>
    private const string TokenField = "{antiforgery}";
    private const string FormType = "application/x-www-form-urlencoded";

    private readonly List<HttpClient> _sessions = [];
    private HttpClient? _signedIn;

    /// <summary>The form routes as operations, so that the report and the counts treat them like the documented ones.</summary>
    public static IReadOnlyList<ApiOperation> Operations { get; } =
    [
        new("GET", "/", [], ["message"], false, new Dictionary<string, string>()),
        new("POST", "/signin", [], [], true, new Dictionary<string, string>()),
        new("POST", "/signout", [], [], true, new Dictionary<string, string>()),
        new("POST", "/grab", [], [], true, new Dictionary<string, string>()),
    ];

    public IReadOnlyDictionary<string, RouteSpec> Specs() => new[]
    {
        new RouteSpec
        {
            Key = "GET /",
            Ids = async ct => await SignedInAsync(ct),
            Client = Session,
        },
        new RouteSpec
        {
            Key = "POST /signin",
            FreshIds = true,
            Ids = ct => NewSessionAsync(signIn: false, ct),
            Client = Session,
        },
        new RouteSpec
        {
            Key = "POST /signout",
            FreshIds = true,
            Ids = ct => NewSessionAsync(signIn: true, ct),
            Client = Session,
        },
        new RouteSpec
        {
            Key = "POST /grab",
            FreshIds = true,
            Ids = async ct =>
            {
                var ids = await SignedInAsync(ct);
                var known = (await api.GetFromJsonAsync<JsonElement>("/api/v1/grabs?limit=1000", ct)).EnumerateArray().Select(g => g.GetProperty("id").GetString());
                ids["known"] = string.Join(",", known);
                return ids;
            },
            Client = Session,
            ReadBack = GrabReadsBackAsync,
        },
    }.ToDictionary(spec => spec.Key, StringComparer.Ordinal);

    /// <summary>The cases of the three forms: every field (the antiforgery token included) dropped, duplicated or hostile, and broken bodies.</summary>
    public List<FuzzCase> FormCases(string route)
    {
        var random = FuzzSeed.For(route);
        var path = route.Split(' ')[1];
        List<(string Name, string Value)> Seed() => route switch
        {
            "POST /signin" => [("api_key", consumerKey), (TokenField, "")],
            "POST /signout" => [(TokenField, "")],
            _ => Grab(),
        };

        var cases = new List<FuzzCase>
        {
            new(route, FuzzCase.Valid, "the form as the page posts it", ids => Post(path, ids, Seed(), null)),
            new(route, "body:wrong-content-type", "the fields as JSON", ids => Post(path, ids, Seed(), null, json: true)),
            new(route, "body:malformed", "%%%=&&==&%zz", ids => Post(path, ids, Seed(), "%%%=&&==&%zz")),
            new(route, "body:empty", "no fields", ids => Post(path, ids, [], "")),
            new(route, "body:invalid-utf8", "a field name that is not UTF-8", ids => Post(path, ids, Seed(), null, extra: "%C3%28=1")),
            new(route, "body:too-large", "40 MiB of form", ids => Post(path, ids, [.. Seed(), ("pad", new string('p', 40 * 1024 * 1024))], null)),
        };

        foreach (var field in Seed().Select(f => f.Name))
        {
            var name = field == TokenField ? "antiforgery token" : field;
            cases.Add(new(route, field == TokenField ? "antiforgery:missing" : "missing-field", $"{name} dropped",
                ids => Post(path, ids, Seed().Where(f => f.Name != field).ToList(), null)));
            cases.Add(new(route, field == TokenField ? "antiforgery:duplicate" : "duplicate-field", $"{name} twice",
                ids => Post(path, ids, [.. Seed(), (field, "second")], null)));
            foreach (var (kind, variants) in Evil.Strings)
            {
                var value = Evil.Pick(random, variants);
                var prefix = field == TokenField ? "antiforgery:" : "";
                cases.Add(new(route, prefix + kind, $"{name} = {Display.Of(value, 40)}", ids => Post(path, ids, Seed(), null, field, value, append: false)));
                cases.Add(new(route, prefix + kind, $"{name} += {Display.Of(value, 40)}", ids => Post(path, ids, Seed(), null, field, value, append: true)));
            }

            cases.Add(new(route, field == TokenField ? "antiforgery:invalid-utf8" : "invalid-utf8", $"{name} holds invalid UTF-8",
                ids => Post(path, ids, Seed(), null, field, null, append: true)));
        }

        return cases;
    }

    public void Dispose()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    private List<(string Name, string Value)> Grab()
    {
        var grab = routes.Grab();
        return [.. grab.Fields.Select(f => (f.Name, ((JStr)f.Value).Value)), (TokenField, "")];
    }

    // Builds the urlencoded body byte by byte: a lone surrogate or invalid UTF-8 can only travel percent-encoded as bytes.
    private static FuzzRequest Post(
        string path, RouteIds ids, List<(string Name, string Value)> fields, string? raw, string? mutate = null, string? value = null,
        bool append = false, bool json = false, string? extra = null)
    {
        var resolved = fields.Select(f => (Name: f.Name == TokenField ? ids["token_name"] : f.Name, Value: f.Name == TokenField && f.Value.Length == 0 ? ids["token"] : f.Value)).ToList();
        var tokenName = ids["token_name"];
        if (json)
        {
            var body = FuzzJson.Obj([.. resolved.Select(f => (f.Name, FuzzJson.Str(f.Value)))]);
            return new FuzzRequest(HttpMethod.Post, path, body.ToUtf8(), CaseGenerator.JsonType);
        }

        var text = new StringBuilder();
        var sent = new List<(string Name, FuzzJson Value)>();
        foreach (var (name, fieldValue) in resolved)
        {
            var original = fields.First(f => (f.Name == TokenField ? tokenName : f.Name) == name).Name;
            var encoded = Uri.EscapeDataString(fieldValue);
            var sentValue = fieldValue;
            if (original == mutate)
            {
                if (value is null)
                {
                    encoded = (append ? encoded : "") + Evil.InvalidUtf8Escaped;
                    sentValue = null;
                }
                else if (LoneSurrogate(value))
                {
                    encoded = (append ? encoded : "") + "%ED%A0%80";
                    sentValue = null;
                }
                else
                {
                    sentValue = append ? fieldValue + value : value;
                    encoded = Uri.EscapeDataString(sentValue);
                }
            }

            text.Append(text.Length > 0 ? "&" : "").Append(Uri.EscapeDataString(name)).Append('=').Append(encoded);
            if (sentValue is not null)
            {
                sent.Add((name, FuzzJson.Str(sentValue)));
            }
        }

        if (extra is not null)
        {
            text.Append('&').Append(extra);
        }

        var bytes = Encoding.ASCII.GetBytes(raw ?? text.ToString());
        return new FuzzRequest(HttpMethod.Post, path, bytes, FormType, raw is null ? new JObj(sent) : null);
    }

    private static bool LoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    // A grab the form stored must hold what the form sent (a blank category is stored as none, as the page documents).
    private async Task<string?> GrabReadsBackAsync(ReadBack call, CancellationToken ct)
    {
        var known = call.Ids["known"].Split(',').ToHashSet(StringComparer.Ordinal);
        var added = (await api.GetFromJsonAsync<JsonElement>("/api/v1/grabs?limit=1000", ct)).EnumerateArray()
            .Where(g => !known.Contains(g.GetProperty("id").GetString()!)).ToList();
        if (added.Count > 1)
        {
            return $"one post stored {added.Count} grabs";
        }

        if (added.Count == 0 || call.Sent is null)
        {
            return null;
        }

        var sent = call.Sent.Fields.Any(f => f.Name == "category" && f.Value is JStr { Value: var c } && string.IsNullOrWhiteSpace(c))
            ? call.Sent.Without("category")
            : call.Sent;
        return StoredAs.Differences(sent, added[0]);
    }

    private HttpClient Session(RouteIds ids) => _sessions[int.Parse(ids["session"], CultureInfo.InvariantCulture)];

    private async Task<RouteIds> SignedInAsync(CancellationToken ct)
    {
        if (_signedIn is null)
        {
            var ids = await NewSessionAsync(signIn: true, ct);
            _signedIn = Session(ids);
        }

        return await TokenAsync(_signedIn, ct);
    }

    private async Task<RouteIds> NewSessionAsync(bool signIn, CancellationToken ct)
    {
        var session = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _sessions.Add(session);
        if (signIn)
        {
            var token = await TokenAsync(session, ct);
            using var form = new FormUrlEncodedContent([new("api_key", consumerKey), new(token["token_name"], token["token"])]);
            using var response = await session.PostAsync("/signin", form, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString() == "/",
                $"Setting up the fuzz: signing in answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return await TokenAsync(session, ct);
    }

    // The page's antiforgery field, fresh, and which session it belongs to.
    private async Task<RouteIds> TokenAsync(HttpClient session, CancellationToken ct)
    {
        var html = await session.GetStringAsync("/", ct);
        var match = HiddenField().Match(html);
        Assert.True(match.Success, "The page has no antiforgery field.");
        return new RouteIds
        {
            ["session"] = _sessions.IndexOf(session).ToString(CultureInfo.InvariantCulture),
            ["token_name"] = WebUtility.HtmlDecode(match.Groups["name"].Value),
            ["token"] = WebUtility.HtmlDecode(match.Groups["value"].Value),
        };
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex HiddenField();
}
