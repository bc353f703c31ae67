namespace LsatsHub.Engine.Selection;

/// <summary>What the base of a selector term matches on.</summary>
internal enum SelectorMethod
{
    /// <summary>A step name or a produced dataset name, possibly with <c>*</c> wildcards.</summary>
    Name,

    /// <summary><c>tag:VALUE</c>.</summary>
    Tag,

    /// <summary><c>layer:VALUE</c>.</summary>
    Layer,

    /// <summary><c>source:VALUE</c>.</summary>
    Source,
}
