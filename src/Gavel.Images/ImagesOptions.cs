using System.ComponentModel.DataAnnotations;

namespace Gavel.Images;

/// <summary>The Images section of the configuration. Defaults suit phone and camera photos.</summary>
public sealed class ImagesOptions
{
    public const string Section = "Images";

    /// <summary>Largest accepted file, in bytes (20 MB).</summary>
    [Range(1024, 1L << 31)]
    public long MaxBytesPerFile { get; set; } = 20 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxPhotosPerAuction { get; set; } = 12;

    /// <summary>
    /// Bytes of originals one seller may upload in 24 hours (2 GiB, some 500 phone photos), counting the photos still
    /// kept: without it a seller could fill the disk listing after listing. Deleted photos free their bytes.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytesPerSellerPerDay { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest accepted width x height, read from the header before decoding (50 megapixels).</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Folder for originals and variants, relative to the server's content root; never inside wwwroot.</summary>
    [Required]
    public string StoragePath { get; set; } = "data/images";

    /// <summary>Photos in one listing at most this far apart (dHash bits of 64) are the same photo.</summary>
    [Range(0, 32)]
    public int DuplicateDistance { get; set; } = 4;

    /// <summary>A photo at most this far from another seller's photo is flagged for review.</summary>
    [Range(0, 32)]
    public int ReuseFlagDistance { get; set; } = 6;

    /// <summary>Run the background processor in this process.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Photos processed at once by one server process.</summary>
    [Range(1, 16)]
    public int ProcessingConcurrency { get; set; } = 2;

    /// <summary>How often the processor looks for work when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed photo stays with one worker; after a crash another takes it once this passes.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts at a photo whose processing failed for a reason other than the photo itself (I/O).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;
}
