-- A campaign's excluded count now means every recipient who gets nothing, including those excluded at send time
-- (no phone number or no consent for the campaign's only channel); bring the counts of campaigns already sent up to date.
UPDATE campaigns c SET excluded_count = x.n
FROM (SELECT campaign_id, count(*)::int AS n FROM campaign_recipients WHERE state = 'excluded' GROUP BY campaign_id) x
WHERE x.campaign_id = c.id AND c.excluded_count <> x.n;
