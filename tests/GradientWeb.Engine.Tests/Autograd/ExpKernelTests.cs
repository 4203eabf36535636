using System.Text.Json;
using GradientWeb.Engine.Autograd;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>
/// exp and sigmoid against PyTorch 1.13's own float32 results (tests/golden/kernel-golden.json, written by
/// make_kernel_golden.py): bit for bit, the vectorised elements and the scalar tail ATen leaves at the end of its
/// row-major order alike, in one column or several.
/// </summary>
public sealed class ExpKernelTests
{
    private static readonly Lazy<KernelGolden> Golden = new(() => JsonSerializer.Deserialize<KernelGolden>(
        File.ReadAllText(Path.Combine(GoldenCases.RepoRoot(), "tests", "golden", "kernel-golden.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Golden.Value.Cases.Length)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exp_and_sigmoid_give_pytorchs_bits(int index)
    {
        var c = Golden.Value.Cases[index];
        var x = ColumnMajor(c.X, c.Rows, c.Cols);
        var (exp, sigmoid) = (new float[x.Length], new float[x.Length]);
        Kernels.Exp(x, exp, c.Cols);
        Kernels.Sigmoid(x, sigmoid, c.Cols);
        for (var r = 0; r < c.Rows; r++)
        {
            for (var j = 0; j < c.Cols; j++)
            {
                var (rowMajor, at) = ((r * c.Cols) + j, (j * c.Rows) + r);
                Assert.True(c.Exp[rowMajor] == BitConverter.SingleToInt32Bits(exp[at]), $"[{c.Rows}x{c.Cols}] ({r}, {j}): exp({x[at]:R}) = {exp[at]:R}, PyTorch {BitConverter.Int32BitsToSingle(c.Exp[rowMajor]):R}");
                Assert.True(c.Sigmoid[rowMajor] == BitConverter.SingleToInt32Bits(sigmoid[at]), $"[{c.Rows}x{c.Cols}] ({r}, {j}): sigmoid({x[at]:R}) = {sigmoid[at]:R}, PyTorch {BitConverter.Int32BitsToSingle(c.Sigmoid[rowMajor]):R}");
            }
        }
    }

    private static float[] ColumnMajor(int[] rowMajorBits, int rows, int cols)
    {
        var x = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                x[(j * rows) + r] = BitConverter.Int32BitsToSingle(rowMajorBits[(r * cols) + j]);
            }
        }

        return x;
    }

    private sealed record KernelGolden(KernelCase[] Cases);

    private sealed record KernelCase(int Rows, int Cols, int[] X, int[] Sigmoid, int[] Exp);
}
