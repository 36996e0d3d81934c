using System.Runtime.Serialization;

namespace Gavel.Images;

/// <summary>Measurements of a photo and the tips they lead to.</summary>
/// <param name="Sharpness">Variance of the Laplacian of the 640 px grey image: low means blurry.</param>
/// <param name="MeanLuminance">0 (black) to 255 (white).</param>
/// <param name="DarkFraction">Share of pixels crushed to black (luminance below 8).</param>
/// <param name="BrightFraction">Share of pixels blown to white (luminance above 247).</param>
/// <param name="Tips">What the seller could do better; empty for a good photo.</param>
public sealed record QualityReport(double Sharpness, double MeanLuminance, double DarkFraction, double BrightFraction, IReadOnlyList<QualityTip> Tips);

/// <summary>A friendly suggestion for the seller; <see cref="Code"/> is stable for clients.</summary>
/// <remarks>The data contract names its fields for MessagePack clients of the live hub, as JSON names them.</remarks>
[DataContract]
public sealed record QualityTip([property: DataMember(Name = "code")] string Code, [property: DataMember(Name = "message")] string Message);
