using System.Net;
using System.Text.RegularExpressions;

namespace Pilot.Sample.Tests;

/// <summary>A browser's view of the page over plain HTTP: a cookie jar, the form's antiforgery token, no redirects followed.</summary>
internal sealed partial class WebSessionClient : IDisposable
{
    private readonly HttpClient _http;

    public WebSessionClient(Uri baseAddress, IPAddress? source = null)
    {
        _http = DirectClients.From(source, baseAddress, Cookies);
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http => _http;

    /// <summary>The page, and the antiforgery field its forms carry.</summary>
    public async Task<(string Html, KeyValuePair<string, string> Token)> PageAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        var field = AntiforgeryField().Match(html);
        Assert.True(field.Success, "the page has no antiforgery field");
        return (html, new(WebUtility.HtmlDecode(field.Groups["name"].Value), WebUtility.HtmlDecode(field.Groups["value"].Value)));
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _http.PostAsync(path, content, ct);
    }

    /// <summary>
    /// Signs in through the form (the one on the page now, or the one whose antiforgery field is
    /// <paramref name="formToken"/>) and returns the sign-in cookie's value.
    /// </summary>
    public async Task<string> SignInAsync(string apiKey, CancellationToken ct, KeyValuePair<string, string>? formToken = null)
    {
        var token = formToken ?? (await PageAsync(ct)).Token;
        using var response = await PostFormAsync("/signin", [token, new("api_key", apiKey)], ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return AuthCookie() ?? throw new InvalidOperationException("Signing in set no cookie.");
    }

    public string? AuthCookie() =>
        Cookies.GetCookies(_http.BaseAddress!).FirstOrDefault(cookie => cookie.Name.EndsWith("-auth", StringComparison.Ordinal))?.Value;

    public async Task<bool> IsSignedInAsync(CancellationToken ct) => (await PageAsync(ct)).Html.Contains("id=\"download-clients\"", StringComparison.Ordinal);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}
