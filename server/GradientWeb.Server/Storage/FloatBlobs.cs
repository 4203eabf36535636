using System.Runtime.InteropServices;

namespace GradientWeb.Server.Storage;

/// <summary>float32 arrays as little-endian blobs: 4 bytes a value, exact, and a tenth the size of JSON.</summary>
internal static class FloatBlobs
{
    public static byte[] ToBytes(ReadOnlySpan<float> values) => MemoryMarshal.AsBytes(values).ToArray();

    public static byte[] ToBytes(IReadOnlyList<float[]> columns)
    {
        var bytes = new byte[columns.Sum(c => c.Length) * sizeof(float)];
        var offset = 0;
        foreach (var column in columns)
        {
            MemoryMarshal.AsBytes(column.AsSpan()).CopyTo(bytes.AsSpan(offset));
            offset += column.Length * sizeof(float);
        }

        return bytes;
    }

    public static float[] ToFloats(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    public static float[][] ToColumns(byte[] bytes, int columns, int rows)
    {
        var all = MemoryMarshal.Cast<byte, float>(bytes);
        var result = new float[columns][];
        for (var j = 0; j < columns; j++)
        {
            result[j] = all.Slice(j * rows, rows).ToArray();
        }

        return result;
    }
}
