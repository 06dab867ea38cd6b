namespace Bench.Suite.Host;

/// <summary>One kernel of a suite, as its library or assembly describes it.</summary>
/// <param name="Index">Its index in this library build (not permanent: use <see cref="Id"/>).</param>
/// <param name="Id">The permanent ID, e.g. <c>native/pp03-slow/static-key+ops/provider-on</c>.</param>
/// <param name="Case">Its <c>case</c> tag (every kernel has one).</param>
/// <param name="Style">Its <c>style</c> tag (the page_pool suite's dispatch style); null for the baseline loops.</param>
/// <param name="Provider">Its <c>provider</c> tag: true/false for page_pool cases; null where no provider applies.</param>
public sealed record KernelInfo(
    int Index, string Id, string Case, string? Style, bool? Provider, bool Available, string? UnavailableReason, ulong DefaultLoops)
{
    /// <summary>The tags every table reads; a suite's others are kept as given.</summary>
    public const string CaseTag = "case", StyleTag = "style", ProviderTag = "provider";

    /// <summary>
    /// The tag of a control of contrasts (<c>null</c>: the reference's code under another name;
    /// <c>detection</c>: the reference plus a known cost). Such a kernel is run by `bench cost` alone:
    /// run, ab and gate leave it out.
    /// </summary>
    public const string ContrastControlTag = "contrast-control";

    /// <summary>Its <see cref="ContrastControlTag"/> (<c>null</c> or <c>detection</c>), or null for a kernel that is not a control.</summary>
    public string? ContrastControl => Tags.GetValueOrDefault(ContrastControlTag);

    private readonly IReadOnlyDictionary<string, string>? _tags;

    /// <summary>
    /// Every tag the suite gave the kernel, in its order: at least <c>case</c>, then <c>style</c> and
    /// <c>provider</c> (<c>on</c>/<c>off</c>) where it has them, then the suite's own. Results keep
    /// them as they are; only tables read <c>case</c>, <c>style</c> and <c>provider</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags
    {
        get => _tags ?? StandardTags(Case, Style, Provider switch { true => "on", false => "off", null => null });
        init => _tags = value;
    }

    /// <summary>The tags a kernel with only a case, a style and a provider (<c>on</c>/<c>off</c>) has.</summary>
    public static IReadOnlyDictionary<string, string> StandardTags(string @case, string? style, string? provider)
    {
        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal) { [CaseTag] = @case };
        if (style is not null)
            tags[StyleTag] = style;
        if (provider is not null)
            tags[ProviderTag] = provider;
        return tags;
    }

    /// <summary>
    /// A kernel's tags from the text its suite gave (<c>key=value</c> pairs): its case, style and
    /// provider first, as the library or assembly described them, then the suite's others in order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> TagsFrom(string? text, string @case, string? style, string? provider, out string? problem)
    {
        var tags = new OrderedDictionary<string, string>(StandardTags(@case, style, provider), StringComparer.Ordinal);
        foreach (var (key, value) in ParseTags(text, out problem))
            tags.TryAdd(key, value);
        return tags;
    }

    /// <summary>
    /// Tags from their text, <c>key=value</c> pairs separated by spaces (as suites write them), in
    /// order; a word without '=' or a repeated key is refused with what is wrong.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseTags(string? text, out string? problem)
    {
        problem = null;
        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = word.IndexOf('=');
            if (eq <= 0 || eq == word.Length - 1)
            {
                problem = $"tag '{word}' is not key=value";
                return tags;
            }
            if (!tags.TryAdd(word[..eq], word[(eq + 1)..]))
            {
                problem = $"tag '{word[..eq]}' is given twice";
                return tags;
            }
        }
        return tags;
    }
}

