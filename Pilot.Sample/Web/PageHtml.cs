using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Pilot.Sample.DownloadClients;
using Pilot.Sample.Grabs;

namespace Pilot.Sample.Web;

/// <summary>The page's HTML. Everything that comes from data is HTML-encoded.</summary>
internal static class PageHtml
{
    /// <summary>The page's one inline style; the Content-Security-Policy allows it by its hash, and no other.</summary>
    public const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}label{margin-right:1rem}#message{color:#a33}";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string SignIn(PilotOptions options, AntiforgeryTokenSet token, string? message) => Layout(options, message, $"""
        <form method="post" action="/signin" id="signin">
          {Antiforgery(token)}
          <label>API key <input type="password" name="api_key" autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
        </form>
        """);

    public static string Dashboard(
        PilotOptions options, AntiforgeryTokenSet token, IReadOnlyList<DownloadClientRecord> clients, IReadOnlyList<GrabRecord> grabs, string? message)
    {
        var html = new StringBuilder();
        html.Append("<h2>Download clients</h2><table id=\"download-clients\"><tr><th>name</th><th>source</th><th>status</th><th>url</th><th>priority</th><th>enabled</th></tr>");
        foreach (var client in clients)
        {
            html.Append($"<tr><td>{E(client.Name)}</td><td>{E(client.Source)}</td><td>{E(client.Status)}</td><td>{E(client.Url?.OriginalString)}</td><td>{client.Priority}</td><td>{(client.Enabled ? "yes" : "no")}</td></tr>");
        }

        html.Append($"""
            </table>
            <h2>Grab</h2>
            <form method="post" action="/grab" id="grab">
              {Antiforgery(token)}
              <label>Title <input name="title" required></label>
              <label>URI <input name="uri" required placeholder="magnet:?xt=urn:btih:..."></label>
              <label>Category <input name="category"></label>
              <button type="submit">Grab</button>
            </form>
            <h2>Recent grabs</h2><table id="grabs"><tr><th>title</th><th>status</th><th>download client</th><th>info hash</th><th>reason</th></tr>
            """);
        foreach (var grab in grabs)
        {
            html.Append($"<tr><td>{E(grab.Title)}</td><td>{E(grab.Status)}</td><td>{E(grab.DownloadClient)}</td><td>{E(grab.InfoHash)}</td><td>{E(grab.Reason)}</td></tr>");
        }

        html.Append($"""</table><form method="post" action="/signout">{Antiforgery(token)}<button type="submit">Sign out</button></form>""");
        return Layout(options, message, html.ToString());
    }

    private static string Layout(PilotOptions options, string? message, string body) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{E(options.Name)}}</title>
        <style>{{Style}}</style>
        </head><body>
        <h1>{{E(options.Name)}} <small>({{E(options.Content)}})</small></h1>
        {{(message is null ? "" : $"<p id=\"message\">{E(message)}</p>")}}
        {{body}}
        </body></html>
        """;

    private static string Antiforgery(AntiforgeryTokenSet token) =>
        $"<input type=\"hidden\" name=\"{E(token.FormFieldName)}\" value=\"{E(token.RequestToken)}\">";

    private static string E(string? value) => value is null ? "" : Html.Encode(value);
}
