using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Pulse.Hosting.Dashboard.Otlp;

/// <summary>Reads an OTLP/HTTP protobuf body (gzip-compressed or not) into its message; <c>null</c> when malformed.</summary>
internal static class OtlpBody
{
    public const string ContentType = "application/x-protobuf";
    public const long MaxBodySize = 32 * 1024 * 1024;

    public static bool IsProtobuf(HttpRequest request) =>
        request.ContentType is null ||
        request.ContentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) ||
        request.ContentType.StartsWith("application/protobuf", StringComparison.OrdinalIgnoreCase);

    public static async Task<T?> ReadAsync<T>(HttpRequest request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        try
        {
            if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
            {
                return await ReadGzipAsync(request, parser, cancellationToken);
            }

            var reader = request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                if (read.IsCompleted)
                {
                    try
                    {
                        return parser.ParseFrom(read.Buffer);
                    }
                    finally
                    {
                        reader.AdvanceTo(read.Buffer.End);
                    }
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // not gzip
        }
    }

    private static async Task<T> ReadGzipAsync<T>(HttpRequest request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress);
        using var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = await gzip.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBodySize * 2)
                {
                    throw new InvalidDataException("The decompressed export is too large.");
                }

                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return parser.ParseFrom(body.GetBuffer().AsSpan(0, (int)body.Length));
    }
}
