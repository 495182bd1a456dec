using System.Security.Cryptography;
using System.Text;

namespace Pilot.Sample.Web;

/// <summary>
/// The headers every response of Pilot carries: a Content-Security-Policy that allows the page's one inline style (by
/// its hash) and nothing else (no script, no frame, no form posting elsewhere, no embedding by another site), no MIME
/// sniffing, and no referrer sent with a link followed from the page.
/// </summary>
internal static class SecurityHeaders
{
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(PageHtml.Style)))}'; "
        + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Adds the headers to every response, errors included (they are set as the response starts).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
