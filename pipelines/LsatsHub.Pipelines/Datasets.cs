using LsatsHub.Engine;

namespace LsatsHub.Pipelines;

/// <summary>Every dataset of the LSATS pipelines, declared once so that a typo is a compile error.</summary>
public static class Datasets
{
    /// <summary>Bronze datasets: one source/entity slice of bronze.raw_entities each.</summary>
    public static class Bronze
    {
    }

    /// <summary>Silver datasets: one table each.</summary>
    public static class Silver
    {
    }
}
