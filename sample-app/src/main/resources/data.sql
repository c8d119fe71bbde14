INSERT INTO item (name) SELECT 'keyboard' WHERE NOT EXISTS (SELECT 1 FROM item WHERE name = 'keyboard');
INSERT INTO item (name) SELECT 'mouse' WHERE NOT EXISTS (SELECT 1 FROM item WHERE name = 'mouse');
INSERT INTO item (name) SELECT 'monitor' WHERE NOT EXISTS (SELECT 1 FROM item WHERE name = 'monitor');
