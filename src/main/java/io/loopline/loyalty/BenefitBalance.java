package io.loopline.loyalty;

/** What a member has of one benefit in the current period: quota (null unlimited), used, left. */
public record BenefitBalance(String benefit, Benefit.Kind kind, String nameZh, String nameEn,
    String unit, Integer quota, BenefitQuota.Period period, String periodKey, int used,
    Integer remaining) {}
