"""The demo villages: Desa Batu Ampar (the first village shop) and Desa Bangunjiwo.

Names, codes and postal codes are those of the official Kemendagri list (regions app).
Sellers and their stories are invented; products are what these villages really make.
"""

VILLAGES = [
    {
        "slug": "batu-ampar",
        "name": "Desa Batu Ampar",
        "region_code": "17.08.05.2007",
        "district": "Merigi",
        "regency": "Kabupaten Kepahiang",
        "province": "Bengkulu",
        "postal_code": "39371",
        "time_zone": "Asia/Jakarta",
        "tagline": "Gula aren, kopi dan kerajinan bambu dari kaki Bukit Barisan",
        "story": (
            "Desa Batu Ampar berada di Kecamatan Merigi, Kabupaten Kepahiang, Bengkulu, di "
            "dataran tinggi yang sejuk dan subur. Sejak dulu warga kami menyadap nira aren, "
            "merawat kebun kopi robusta, dan mengolah bambu menjadi perabot rumah.\n\n"
            "Toko ini dikelola oleh pemerintah desa bersama BUMDes agar hasil kerja warga bisa "
            "dibeli langsung dari mana saja di Indonesia. Setiap pesanan dikemas di kantor "
            "desa dan uangnya sampai ke tangan warga yang membuatnya."
        ),
        "whatsapp": "081234567801",
        "email": "toko@batuampar.id",
        "address": "Kantor Desa Batu Ampar, Jl. Lintas Kepahiang–Curup, Merigi, Kepahiang",
        "domains": [("toko.batuampar.id", True), ("127.0.0.1", False)],
        "bank_accounts": [
            ("BRI", "0123-01-000456-30-1", "BUMDes Batu Ampar Sejahtera"),
            ("Bank Bengkulu", "001.02.03.04567-8", "BUMDes Batu Ampar Sejahtera"),
        ],
        "sellers": [
            {
                "display_name": "Ibu Siti Aminah",
                "shop_name": "Gula Aren Bu Siti",
                "whatsapp": "081234567811",
                "story": "Bu Siti menyadap nira dari pohon aren di kebun keluarga sejak 1998. "
                "Nira dimasak di tungku kayu sampai mengental, lalu dicetak di batok "
                "kelapa. Tanpa pengawet dan tanpa campuran gula pasir.",
                "products": [
                    {
                        "name": "Gula Aren Cetak Batok",
                        "art": "gula-aren",
                        "category": "gula-pemanis",
                        "unit": "kg",
                        "featured": True,
                        "description": (
                            "Gula aren asli dari nira pohon aren Desa Batu Ampar, dimasak di "
                            "tungku kayu dan dicetak di batok kelapa. Warnanya cokelat tua, "
                            "harum karamel, manisnya lembut. Cocok untuk kolak, dawet, kopi, "
                            "bumbu masakan dan kue tradisional.\n\nDibungkus daun pisang "
                            "kering lalu plastik, tahan lama di tempat kering."
                        ),
                        "ingredients": "Nira aren murni",
                        "shelf_life_days": 180,
                        "pirt_number": "2061708010045-27",
                        "variants": [("500 g", 22000, 600, 40), ("1 kg", 40000, 1100, 25)],
                    },
                ],
            },
            {
                "display_name": "Bapak Harun Rasyid",
                "shop_name": "Kopi Kebun Pak Harun",
                "whatsapp": "081234567812",
                "story": "Kebun kopi robusta Pak Harun ada di lereng bukit pada ketinggian 700 "
                "meter. Biji dipetik merah, dijemur di para-para, disangrai sedang "
                "di dapur sendiri lalu digiling halus.",
                "products": [
                    {
                        "name": "Kopi Bubuk Robusta Kepahiang",
                        "art": "kopi-bubuk",
                        "category": "kopi-teh",
                        "unit": "bungkus",
                        "featured": True,
                        "description": (
                            "Kopi bubuk robusta petik merah dari kebun warga Batu Ampar. "
                            "Sangrai sedang, giling halus, cocok diseduh tubruk atau dengan "
                            "saringan. Rasa cokelat dan gula aren, pahitnya pas, aromanya kuat."
                            "\n\nKemasan kraft dengan klip, dikirim dalam seminggu setelah "
                            "disangrai."
                        ),
                        "ingredients": "Biji kopi robusta 100%",
                        "shelf_life_days": 365,
                        "net_weight_g": 250,
                        "pirt_number": "2061708010067-28",
                        "halal_number": "ID17110000123450825",
                        "variants": [
                            ("100 g", 15000, 130, 50),
                            ("250 g", 32000, 290, 30),
                            ("500 g", 60000, 560, 0),
                        ],
                    },
                    {
                        "name": "Kopi Biji Robusta Panen Berikutnya",
                        "art": "kopi-bubuk",
                        "category": "kopi-teh",
                        "unit": "bungkus",
                        "featured": False,
                        "description": (
                            "Pesan dulu biji kopi robusta sangrai dari panen berikutnya di kebun "
                            "Pak Harun. Biji dipetik merah, dijemur, lalu disangrai setelah "
                            "panen dan langsung dikirim. Jumlahnya terbatas sesuai perkiraan "
                            "hasil kebun."
                        ),
                        "ingredients": "Biji kopi robusta 100%",
                        "shelf_life_days": 365,
                        "ready_in_days": 45,
                        "deposit_percent": 30,  # DP now, the rest at the harvest
                        "variants": [("250 g", 34000, 290, 40), ("1 kg", 125000, 1100, 15)],
                    },
                ],
            },
            {
                "display_name": "Ibu Rosmala Dewi",
                "shop_name": "",
                "whatsapp": "081234567813",
                "story": "Ibu Rosmala mengolah kolang-kaling dari buah aren tetangga dan "
                "mencari rebung di rumpun bambu belakang rumah saat musim hujan.",
                "products": [
                    {
                        "name": "Kolang-Kaling Manis Pandan",
                        "art": "kolang-kaling",
                        "category": "manisan-olahan-buah",
                        "unit": "toples",
                        "featured": False,
                        "description": (
                            "Kolang-kaling pilihan yang direbus lalu dimasak dengan gula aren "
                            "dan daun pandan. Kenyal, manis, segar diminum dingin atau "
                            "dicampur es buah. Simpan di kulkas setelah dibuka."
                        ),
                        "ingredients": "Kolang-kaling, gula aren, air, daun pandan",
                        "shelf_life_days": 14,
                        "pirt_number": "2061708010089-29",
                        "variants": [("500 g", 18000, 750, 20), ("1 kg", 32000, 1350, 8)],
                    },
                    {
                        "name": "Rebung Segar",
                        "art": "rebung",
                        "category": "sayur-umbi",
                        "unit": "kg",
                        "featured": False,
                        "description": (
                            "Rebung bambu muda yang dipanen pagi hari, sudah dikupas. Enak "
                            "untuk gulai rebung, lumpia atau tumis. Tersedia saat musim hujan; "
                            "bila habis, tanyakan jadwal panen berikutnya lewat WhatsApp."
                        ),
                        "shelf_life_days": 3,
                        "season_month": 11,  # the rains bring the shoots back
                        "variants": [("1 kg", 12000, 1150, 0)],
                    },
                ],
            },
            {
                "display_name": "Bapak Darmawan",
                "shop_name": "Bambu Kreasi Batu Ampar",
                "whatsapp": "081234567814",
                "story": "Pak Darmawan dan tiga pemuda desa membuat perabot dari bambu betung "
                "dan bambu tali yang diawetkan secara alami dengan rendaman air.",
                "products": [
                    {
                        "name": "Cangkir Bambu",
                        "art": "cangkir-bambu",
                        "category": "kerajinan-bambu",
                        "unit": "pcs",
                        "featured": True,
                        "description": (
                            "Cangkir dari ruas bambu betung, diamplas halus dan dilapisi "
                            "pelapis aman pangan. Ringan, tidak mudah pecah, cocok untuk kopi, "
                            "teh atau suvenir. Tinggi sekitar 10 cm; setiap cangkir sedikit "
                            "berbeda karena dibuat dengan tangan."
                        ),
                        "variants": [("1 buah", 15000, 200, 60), ("Set 6 buah", 80000, 1000, 10)],
                    },
                    {
                        "name": "Nampan Bambu Anyam",
                        "art": "nampan-bambu",
                        "category": "kerajinan-bambu",
                        "unit": "pcs",
                        "featured": False,
                        "description": (
                            "Nampan anyaman bambu dengan bingkai rotan. Untuk menyajikan kue, "
                            "buah atau gelas, juga cantik sebagai hiasan dinding."
                        ),
                        "variants": [
                            ("Bulat 30 cm", 45000, 450, 12),
                            ("Persegi 40 × 30 cm", 55000, 600, 7),
                        ],
                    },
                    {
                        "name": "Hiasan Air Mancur Bambu",
                        "art": "hiasan-air-mancur",
                        "category": "pot-hiasan-taman",
                        "unit": "set",
                        "featured": True,
                        "description": (
                            "Air mancur meja dari bambu dan batu kali dengan pompa kecil "
                            "listrik. Gemericik airnya menenangkan untuk teras, ruang tamu atau "
                            "kantor. Sudah termasuk pompa dan kabel 1,5 m."
                        ),
                        "variants": [
                            ("Kecil (30 cm)", 185000, 3500, 3),
                            ("Besar (50 cm)", 350000, 7000, 2),
                        ],
                    },
                ],
            },
            {
                "display_name": "Ibu Yuliana",
                "shop_name": "Pot Bunga Yuli",
                "whatsapp": "081234567815",
                "story": "Ibu Yuliana mencetak pot dari semen dan tanah liat, lalu mengecatnya "
                "dengan motif daun dan bunga.",
                "products": [
                    {
                        "name": "Pot Bunga Motif Daun",
                        "art": "pot-bunga",
                        "category": "pot-hiasan-taman",
                        "unit": "pcs",
                        "featured": False,
                        "description": (
                            "Pot bunga tanah liat yang dicat tangan dengan motif daun. Ada "
                            "lubang air di bawah. Dikirim tanpa tanaman, dibungkus kardus dan "
                            "sekam agar aman."
                        ),
                        "variants": [
                            ("Kecil (diameter 15 cm)", 20000, 1300, 30),
                            ("Sedang (diameter 25 cm)", 35000, 2700, 15),
                            ("Besar (diameter 35 cm)", 60000, 5200, 6),
                        ],
                    },
                ],
            },
        ],
        "pending_sellers": [
            {
                "display_name": "Bapak Ujang Saputra",
                "whatsapp": "081234567816",
                "story": "Ingin menjual madu hutan.",
            },
        ],
    },
    {
        "slug": "bangunjiwo",
        "name": "Desa Bangunjiwo",
        "region_code": "34.02.16.2001",
        "district": "Kasihan",
        "regency": "Kabupaten Bantul",
        "province": "Daerah Istimewa Yogyakarta",
        "postal_code": "55184",
        "time_zone": "Asia/Jakarta",
        "tagline": "Gerabah Kasongan, dibentuk tangan perajin desa",
        "story": (
            "Dusun Kasongan di Desa Bangunjiwo dikenal sebagai kampung gerabah sejak zaman "
            "Mataram. Tanah liat diolah menjadi guci, celengan, piring dan anglo oleh perajin "
            "yang mewarisi keterampilan dari orang tua mereka."
        ),
        "whatsapp": "081234567802",
        "email": "toko@bangunjiwo.desa.id",
        "address": "Kantor Desa Bangunjiwo, Kasihan, Bantul",
        "domains": [],
        "bank_accounts": [("BPD DIY", "001.111.222333", "BUMDes Bangunjiwo")],
        "sellers": [
            {
                "display_name": "Bapak Wagiman",
                "shop_name": "Gerabah Pak Wagiman",
                "whatsapp": "081234567821",
                "story": "Perajin gerabah generasi ketiga di Kasongan.",
                "products": [
                    {
                        "name": "Guci Gerabah Kasongan",
                        "art": "guci",
                        "category": "tanah-liat-gerabah",
                        "unit": "pcs",
                        "featured": True,
                        "description": "Guci tanah liat bakar dengan ukiran sulur, untuk "
                        "hiasan ruang tamu atau taman.",
                        "variants": [
                            ("Tinggi 40 cm", 150000, 4500, 5),
                            ("Tinggi 60 cm", 275000, 9000, 2),
                        ],
                    },
                    {
                        "name": "Anglo Tanah Liat",
                        "art": "anglo",
                        "category": "tanah-liat-gerabah",
                        "unit": "pcs",
                        "featured": False,
                        "description": "Tungku arang tradisional untuk sate dan jamu.",
                        "variants": [("Sedang", 45000, 3000, 9)],
                    },
                ],
            },
            {
                "display_name": "Ibu Sumarni",
                "shop_name": "",
                "whatsapp": "081234567822",
                "story": "Membuat celengan dan piring gerabah bersama ibu-ibu dusun.",
                "products": [
                    {
                        "name": "Celengan Ayam Gerabah",
                        "art": "celengan",
                        "category": "tanah-liat-gerabah",
                        "unit": "pcs",
                        "featured": False,
                        "description": "Celengan bentuk ayam jago, dicat warna-warni.",
                        "variants": [("Kecil", 15000, 700, 40), ("Besar", 30000, 1500, 20)],
                    },
                    {
                        "name": "Piring Tanah Liat",
                        "art": "piring-tanah-liat",
                        "category": "tanah-liat-gerabah",
                        "unit": "set",
                        "featured": False,
                        "description": "Piring gerabah berglasir, aman untuk makanan.",
                        "variants": [("Set 4 piring", 90000, 2800, 6)],
                    },
                ],
            },
        ],
        "pending_sellers": [],
    },
]

# Demo logins, printed by `make run`. Only for the laptop demo on SQLite.
DEMO_PASSWORD = "tokodesa-demo"  # noqa: S105
# (username, village, role, full name): histories and receipts name the person.
USERS = [
    ("admin", None, None, "Operator TokoDesa"),  # platform operator (superuser)
    ("pengelola.batuampar", "batu-ampar", "admin", "Wati Handayani"),
    ("staf.batuampar", "batu-ampar", "staff", "Sari Wulandari"),
    ("pengelola.bangunjiwo", "bangunjiwo", "admin", "Agus Prasetyo"),
]
# Sellers with a login to their stall (/lapak/): username → the seller's display name.
SELLER_LOGINS = {"siti": "Ibu Siti Aminah", "darmawan": "Bapak Darmawan"}

# Completed orders of the demo, each reviewed by its buyer: (village, product, buyer, WhatsApp,
# stars, review, the seller's reply or "").
REVIEWS = [
    (
        "batu-ampar", "Gula Aren Cetak Batok", "Sri Wahyuni", "081298765432", 5,
        "Manis dan wangi, cocok untuk kolak. Dibungkus rapi, sampai di Yogya dalam 3 hari.",
        "Terima kasih, Bu Sri. Ditunggu pesanan berikutnya!",
    ),
    (
        "batu-ampar", "Gula Aren Cetak Batok", "Agus Salim", "081377788899", 4,
        "Gulanya asli, bukan campuran. Satu batok sedikit retak, tapi tetap bisa dipakai.", "",
    ),
    (
        "batu-ampar", "Kopi Bubuk Robusta Kepahiang", "Dewi Lestari", "085211223344", 5,
        "Kopinya harum sekali. Giling halus, pas untuk kopi tubruk.", "",
    ),
    (
        "bangunjiwo", "Guci Gerabah Kasongan", "Hendra Gunawan", "081255566677", 5,
        "Gucinya cantik, dikemas dengan jerami dan kardus tebal, tidak ada yang pecah.",
        "Matur nuwun, Pak Hendra.",
    ),
]  # fmt: skip
