using Petitions.Application.Features.Evidence;
using SkiaSharp;

namespace Petitions.Infrastructure.Evidence;

/// <summary>
/// Thumbnails with SkiaSharp (MIT): decoded at a reduced scale where the codec can, scaled to the longer edge, written
/// as PNG. An image of more pixels than <see cref="MaxPixels"/> (a decompression bomb) gets no thumbnail.
/// </summary>
public sealed class SkiaThumbnailRenderer : IThumbnailRenderer
{
    public const long MaxPixels = 80_000_000;

    public byte[]? RenderPng(byte[] image, int maxEdge)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels) return null;

        var scale = Math.Min(1.0, (double)maxEdge / Math.Max(info.Width, info.Height));
        var width = Math.Max(1, (int)Math.Round(info.Width * scale));
        var height = Math.Max(1, (int)Math.Round(info.Height * scale));

        // JPEG decodes at 1/8, 1/4 or 1/2 of its size directly: the smallest of those still as large as the thumbnail.
        var decodeSize = new[] { 0.125f, 0.25f, 0.5f, 1f }.Select(codec.GetScaledDimensions)
            .FirstOrDefault(d => d.Width >= width && d.Height >= height, info.Size);
        using var decoded = SKBitmap.Decode(codec, info.WithSize(decodeSize)) ?? SKBitmap.Decode(codec);
        if (decoded is null) return null;
        using var resized = decoded.Width == width && decoded.Height == height
            ? decoded.Copy()
            : decoded.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null) return null;
        using var encoded = resized.Encode(SKEncodedImageFormat.Png, 100);
        return encoded?.ToArray();
    }
}
