using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GradientWeb.Engine.Autograd;

/// <summary>The vector widths the blocked matrix kernels of <c>Kernels.Linear.cs</c> run at: 256 bits, or 512 where the CPU has AVX-512.</summary>
internal static partial class Kernels
{
    /// <summary>
    /// One vector width for the blocked kernels, so one kernel body serves both: the JIT compiles each generic
    /// instantiation over these structs separately, inlining every call to the plain vector instruction.
    /// <see cref="Add"/> and <see cref="Multiply"/> stay separate (never a fused multiply-add): each product is
    /// rounded before it is added, as in the reference BLAS that PyTorch's results come from.
    /// </summary>
    private interface ILanes<TV>
        where TV : struct
    {
        static abstract int Count { get; }

        static abstract TV Zero { get; }

        static abstract TV Load(ref float at, nuint offset);

        static abstract void Store(TV value, ref float at, nuint offset);

        static abstract TV Broadcast(float value);

        static abstract TV Add(TV x, TV y);

        static abstract TV Multiply(TV x, TV y);

        static abstract float Element(TV v, int index);
    }

    private readonly struct Lanes256 : ILanes<Vector256<float>>
    {
        public static int Count => Vector256<float>.Count;

        public static Vector256<float> Zero => Vector256<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(ref float at, nuint offset) => Vector256.LoadUnsafe(ref at, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<float> value, ref float at, nuint offset) => value.StoreUnsafe(ref at, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Add(Vector256<float> x, Vector256<float> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Multiply(Vector256<float> x, Vector256<float> y) => x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Element(Vector256<float> v, int index) => v.GetElement(index);
    }

    // Only where Vector512.IsHardwareAccelerated (AVX-512): elsewhere its operations would be emulated.
    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static Vector512<float> Zero => Vector512<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load(ref float at, nuint offset) => Vector512.LoadUnsafe(ref at, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<float> value, ref float at, nuint offset) => value.StoreUnsafe(ref at, offset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Add(Vector512<float> x, Vector512<float> y) => x + y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Multiply(Vector512<float> x, Vector512<float> y) => x * y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Element(Vector512<float> v, int index) => v.GetElement(index);
    }
}
