using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>An OTLP/HTTP request body (gzip-compressed or not), read whole into a pooled buffer.</summary>
internal sealed class OtlpBody : IDisposable
{
    public const string ContentType = "application/x-protobuf";
    public const long MaxBodySize = 32 * 1024 * 1024;
    private const long MaxDecompressedSize = 2 * MaxBodySize;

    private byte[] _buffer;
    private int _length;

    private OtlpBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public static bool IsProtobuf(HttpRequest request) =>
        request.ContentType is null ||
        request.ContentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) ||
        request.ContentType.StartsWith("application/protobuf", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="MalformedExportException">The body claims gzip but is not, or inflates past the limit.</exception>
    public static async Task<OtlpBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        var body = new OtlpBody((int)Math.Min(request.ContentLength ?? 0, MaxBodySize) * (gzip ? 4 : 1));
        try
        {
            if (gzip)
            {
                await using var inflate = new GZipStream(request.Body, CompressionMode.Decompress);
                await body.FillAsync(inflate, cancellationToken);
            }
            else
            {
                await body.FillAsync(request.Body, cancellationToken);
            }

            return body;
        }
        catch (InvalidDataException exception)
        {
            body.Dispose();
            throw new MalformedExportException("The body is not valid gzip: " + exception.Message);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async Task FillAsync(Stream source, CancellationToken cancellationToken)
    {
        int read;
        while ((read = await source.ReadAsync(_buffer.AsMemory(_length), cancellationToken)) > 0)
        {
            _length += read;
            if (_length == _buffer.Length)
            {
                if (_length >= MaxDecompressedSize)
                {
                    throw new MalformedExportException("The export is too large.");
                }

                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }
    }
}
