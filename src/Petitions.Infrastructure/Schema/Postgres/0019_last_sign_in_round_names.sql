-- Everyday administration (issue 14): when each account last signed in (Unix ms, written at every successful sign-in,
-- NULL until the first one), and the English name of an inspection round (NULL: English readers see the Chinese name).
-- The demo data set's two rounds get their English names here too, for databases loaded before this script.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT NULL;
ALTER TABLE rounds ADD COLUMN name_en TEXT NULL;
UPDATE rounds SET name_en = 'First central ecological and environmental protection inspection' WHERE code = 'R1' AND name = '第一轮中央生态环境保护督察' AND name_en IS NULL;
UPDATE rounds SET name_en = 'Second central ecological and environmental protection inspection' WHERE code = 'R2' AND name = '第二轮中央生态环境保护督察' AND name_en IS NULL;
