namespace Gavel.Pricing.Evaluation;

/// <summary>Ordinary least squares by the normal equations (tiny ridge for stability): the log-linear baselines.</summary>
internal static class LeastSquares
{
    public static double[] Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double ridge = 1e-6)
    {
        var n = x[0].Length;
        var a = new double[n, n];
        var b = new double[n];
        for (var r = 0; r < x.Count; r++)
        {
            for (var i = 0; i < n; i++)
            {
                b[i] += x[r][i] * y[r];
                for (var j = 0; j < n; j++)
                {
                    a[i, j] += x[r][i] * x[r][j];
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            a[i, i] += ridge;
        }

        for (var i = 0; i < n; i++)
        {
            var pivot = i;
            for (var k = i + 1; k < n; k++)
            {
                if (Math.Abs(a[k, i]) > Math.Abs(a[pivot, i]))
                {
                    pivot = k;
                }
            }

            for (var j = 0; j < n; j++)
            {
                (a[i, j], a[pivot, j]) = (a[pivot, j], a[i, j]);
            }

            (b[i], b[pivot]) = (b[pivot], b[i]);
            for (var k = i + 1; k < n; k++)
            {
                var f = a[k, i] / a[i, i];
                for (var j = i; j < n; j++)
                {
                    a[k, j] -= f * a[i, j];
                }

                b[k] -= f * b[i];
            }
        }

        var w = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var j = i + 1; j < n; j++)
            {
                sum -= a[i, j] * w[j];
            }

            w[i] = sum / a[i, i];
        }

        return w;
    }

    public static double Predict(double[] w, double[] x)
    {
        var sum = 0.0;
        for (var i = 0; i < w.Length; i++)
        {
            sum += w[i] * x[i];
        }

        return sum;
    }
}
