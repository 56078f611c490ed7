-- What a purchase awarded is kept in its own row (a JSON array of {externalId, rule, points,
-- reversed}), written once with the order instead of one more row per award: the earn path
-- writes a row less per rule that fires, and a refund updates one row.
alter table loyalty.purchase add column awards jsonb not null default '[]';

update loyalty.purchase p set awards = a.awards
  from (select member_id, purchase_id,
               jsonb_agg(jsonb_build_object('externalId', external_id, 'rule', rule_code,
                   'points', points, 'reversed', reversed) order by external_id) as awards
          from loyalty.purchase_award group by member_id, purchase_id) a
 where p.member_id = a.member_id and p.id = a.purchase_id;

drop table loyalty.purchase_award;
